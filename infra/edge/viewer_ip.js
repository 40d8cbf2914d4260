// CloudFront Function (cloudfront-js-2.0), viewer request, on /v1/* only: the API's WAF
// sees CloudFront's addresses, so its per-IP rate limit keys on this header instead.
// The viewer's own address overwrites whatever the client sent under that name.
function handler(event) {
  var request = event.request;
  request.headers["x-viewer-ip"] = { value: event.viewer.ip };
  return request;
}

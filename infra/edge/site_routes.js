// CloudFront Function (cloudfront-js-2.0), viewer request, on the site's behaviour only
// (never on /v1/*, whose 403/404 answers must stay the API's problem+json): a path whose
// last segment has no file extension is a client-side route of the single-page app, so
// the viewer gets /index.html; files (/assets/x.js, /favicon.ico) pass through.
function handler(event) {
  var request = event.request;
  var last = request.uri.split("/").pop();
  if (last.indexOf(".") === -1) {
    request.uri = "/index.html";
  }
  return request;
}

"""The website's hosting on the synthesized templates: the private site bucket behind
Origin Access Control, the `/v1/*` behaviour to the API stage, the CloudFront Functions
(run with node), the response headers policy against `chalicelib.site_headers`, and the
single origin the API and the media bucket allow."""

from __future__ import annotations

import json
import subprocess
from typing import Any

from chalicelib.site_headers import site_headers
from infra.stages import STAGES
from tests.infra.conftest import resources

# AWS's managed policy ids (CloudFront developer guide), spelled independently of CDK.
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
EVERY_METHOD = {"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"}


def render(value: Any) -> str:
    """A template string value: `<Logical>` for a Ref, `<Logical.Attribute>` for a GetAtt."""
    if isinstance(value, str):
        return value
    if "Ref" in value:
        return f"<{value['Ref']}>"
    if "Fn::GetAtt" in value:
        return "<{}.{}>".format(*value["Fn::GetAtt"])
    if "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return str(separator).join(render(part) for part in parts)
    raise ValueError(f"cannot render {value}")


def config(template: dict[str, Any]) -> dict[str, Any]:
    (distribution,) = resources(template, "AWS::CloudFront::Distribution").values()
    return dict(distribution["Properties"]["DistributionConfig"])


def distribution_id(template: dict[str, Any]) -> str:
    (logical,) = resources(template, "AWS::CloudFront::Distribution")
    return logical


def origin(template: dict[str, Any], behavior: dict[str, Any]) -> dict[str, Any]:
    (found,) = [o for o in config(template)["Origins"] if o["Id"] == behavior["TargetOriginId"]]
    return dict(found)


def api_behavior(template: dict[str, Any]) -> dict[str, Any]:
    (behavior,) = config(template)["CacheBehaviors"]
    assert behavior["PathPattern"] == "/v1/*"
    return dict(behavior)


def media_bucket(template: dict[str, Any]) -> str:
    variables = template["Resources"]["APIHandler"]["Properties"]["Environment"]["Variables"]
    return str(variables["BUCKET_NAME"]["Ref"])


def function_code(template: dict[str, Any], association: dict[str, Any]) -> str:
    logical = association["FunctionARN"]["Fn::GetAtt"][0]
    function = template["Resources"][logical]["Properties"]
    assert function["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"
    return str(function["FunctionCode"])


def run_function(code: str, event: dict[str, Any]) -> dict[str, Any]:
    """A CloudFront Function is plain JavaScript with a `handler(event)`: run it in node."""
    script = f"{code}\nprocess.stdout.write(JSON.stringify(handler({json.dumps(event)})));"
    result = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    return dict(json.loads(result.stdout))


def viewer_request(uri: str, **headers: str) -> dict[str, Any]:
    return {
        "version": "1.0",
        "context": {"eventType": "viewer-request"},
        "viewer": {"ip": "198.51.100.7"},
        "request": {
            "method": "GET",
            "uri": uri,
            "querystring": {},
            "headers": {name: {"value": value} for name, value in headers.items()},
            "cookies": {},
        },
    }


def test_site_bucket_is_private_and_read_by_this_distribution_only(template):
    default = config(template)["DefaultCacheBehavior"]
    site_origin = origin(template, default)
    site = site_origin["DomainName"]["Fn::GetAtt"][0]
    bucket = template["Resources"][site]["Properties"]
    assert bucket["PublicAccessBlockConfiguration"] == dict.fromkeys(
        ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"), True
    )
    assert bucket["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert bucket["LoggingConfiguration"]["LogFilePrefix"] == "site/"
    # Origin Access Control, signing every request; no legacy origin access identity.
    assert site_origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}
    oac = template["Resources"][site_origin["OriginAccessControlId"]["Fn::GetAtt"][0]]
    assert oac["Properties"]["OriginAccessControlConfig"] | {"Name": None} == {
        "Name": None,
        "OriginAccessControlOriginType": "s3",
        "SigningBehavior": "always",
        "SigningProtocol": "sigv4",
    }
    (policy,) = [
        p["Properties"]["PolicyDocument"]["Statement"]
        for p in resources(template, "AWS::S3::BucketPolicy").values()
        if p["Properties"]["Bucket"] == {"Ref": site}
    ]
    allowed = [s for s in policy if s["Effect"] == "Allow"]
    assert [
        (s["Principal"], s["Action"], render(s["Resource"]), s["Condition"]) for s in allowed
    ] == [
        (
            {"Service": "cloudfront.amazonaws.com"},
            "s3:GetObject",
            f"<{site}.Arn>/*",
            {"StringEquals": {"AWS:SourceArn": {"Fn::Join": ["", [
                "arn:", {"Ref": "AWS::Partition"}, ":cloudfront::", {"Ref": "AWS::AccountId"},
                ":distribution/", {"Ref": distribution_id(template)},
            ]]}}},
        )
    ]  # fmt: skip


def test_api_behaviour_reaches_the_stage_uncached_with_the_viewer_request(template):
    behavior = api_behavior(template)
    assert behavior["CachePolicyId"] == CACHING_DISABLED
    assert behavior["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST_HEADER
    assert set(behavior["AllowedMethods"]) == EVERY_METHOD
    assert behavior["ViewerProtocolPolicy"] == "redirect-to-https"
    api = origin(template, behavior)
    rest_api = template["Resources"]["RestAPI"]["Properties"]
    assert api["DomainName"] == {
        "Fn::Sub": "${RestAPI}.execute-api.${AWS::Region}.${AWS::URLSuffix}"
    }
    # https://dist/v1/me is the stage's /v1/me
    assert api["OriginPath"] == f"/{rest_api['StageName']}"
    assert api["CustomOriginConfig"] == {
        "OriginProtocolPolicy": "https-only",
        "OriginSSLProtocols": ["TLSv1.2"],
    }
    assert rest_api["EndpointConfiguration"] == {"Type": "REGIONAL"}  # CloudFront is its edge


def test_client_routes_function_is_on_the_site_behaviour_only(template):
    (association,) = config(template)["DefaultCacheBehavior"]["FunctionAssociations"]
    assert association["EventType"] == "viewer-request"
    api_functions = [a["FunctionARN"] for a in api_behavior(template)["FunctionAssociations"]]
    assert association["FunctionARN"] not in api_functions
    code = function_code(template, association)
    for uri, served in {
        "/library/abc": "/index.html",
        "/billing": "/index.html",
        "/": "/index.html",
        "/assets/x.js": "/assets/x.js",
        "/favicon.ico": "/favicon.ico",
    }.items():
        assert run_function(code, viewer_request(uri))["uri"] == served, uri


def test_api_behaviour_forwards_the_viewer_address_for_the_waf(template):
    (association,) = api_behavior(template)["FunctionAssociations"]
    assert association["EventType"] == "viewer-request"
    request = run_function(
        function_code(template, association), viewer_request("/v1/me", **{"x-viewer-ip": "6.6.6.6"})
    )
    assert request["uri"] == "/v1/me"
    assert request["headers"]["x-viewer-ip"] == {"value": "198.51.100.7"}
    acl = template["Resources"]["WebAcl"]["Properties"]
    rules = {rule["Name"]: rule["Statement"] for rule in acl["Rules"]}
    via_cdn = rules["RatePerViewerIp"]["RateBasedStatement"]
    assert via_cdn["AggregateKeyType"] == "FORWARDED_IP"
    assert via_cdn["ForwardedIPConfig"]["HeaderName"] == "x-viewer-ip"
    header = via_cdn["ScopeDownStatement"]["SizeConstraintStatement"]["FieldToMatch"]
    assert header == {"SingleHeader": {"Name": "x-viewer-ip"}}
    direct = rules["RatePerIp"]["RateBasedStatement"]
    assert direct["AggregateKeyType"] == "IP"
    not_via_cdn = {"NotStatement": {"Statement": via_cdn["ScopeDownStatement"]}}
    assert direct["ScopeDownStatement"] == not_via_cdn


def test_no_custom_error_responses(template):
    """Distribution-wide, they would turn the API's 403/404 problem+json into HTML."""
    assert "CustomErrorResponses" not in config(template)


def test_distribution_settings(template):
    settings = config(template)
    assert settings["DefaultRootObject"] == "index.html"
    assert settings["HttpVersion"] == "http2and3"
    assert settings["PriceClass"] == "PriceClass_100"
    assert "Restrictions" not in settings  # no geo restriction
    assert render(settings["Logging"]["Bucket"]).endswith(".RegionalDomainName>")
    assert settings["Logging"]["Prefix"] == "cdn/"
    logs = settings["Logging"]["Bucket"]["Fn::GetAtt"][0]
    # CloudFront's standard logs need the log bucket's ACLs (the owner keeps the objects).
    ownership = template["Resources"][logs]["Properties"]["OwnershipControls"]
    assert ownership == {"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]}
    default = settings["DefaultCacheBehavior"]
    assert default["ViewerProtocolPolicy"] == "redirect-to-https"
    assert default["Compress"] is True
    # what `make deploy-site` reads
    assert {"SiteBucketName", "DistributionId", "SiteUrl"} <= set(template["Outputs"])


def _headers_of(policy: dict[str, Any]) -> dict[str, str]:
    """A CloudFront response headers policy as the headers a viewer receives."""
    security = policy["SecurityHeadersConfig"]
    hsts = security["StrictTransportSecurity"]
    headers = {
        "Content-Security-Policy": render(
            security["ContentSecurityPolicy"]["ContentSecurityPolicy"]
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": security["ReferrerPolicy"]["ReferrerPolicy"],
        "X-Frame-Options": security["FrameOptions"]["FrameOption"],
        "Strict-Transport-Security": f"max-age={hsts['AccessControlMaxAgeSec']}"
        + ("; includeSubDomains" if hsts["IncludeSubdomains"] else "")
        + ("; preload" if hsts["Preload"] else ""),
    }
    headers.update({h["Header"]: h["Value"] for h in policy["CustomHeadersConfig"]["Items"]})
    overrides = [v["Override"] for k, v in security.items() if isinstance(v, dict)]
    assert all(overrides) and all(h["Override"] for h in policy["CustomHeadersConfig"]["Items"])
    return headers


def test_response_headers_policy_is_site_headers(template):
    default = config(template)["DefaultCacheBehavior"]
    policy = template["Resources"][default["ResponseHeadersPolicyId"]["Ref"]]
    media = media_bucket(template)
    # Presigned URLs name the bucket's global host (CloudFormation's DomainName); S3
    # redirects new buckets to, and regional clients sign for, the RegionalDomainName.
    # Pages open their live updates' socket to the WebSocket API (infra.realtime).
    socket = "wss://<WebsocketAPI>.execute-api.<AWS::Region>.<AWS::URLSuffix>"
    expected = site_headers(
        (f"https://<{media}.DomainName>", f"https://<{media}.RegionalDomainName>"),
        https=True,
        socket_origins=(socket,),
    )
    assert _headers_of(policy["Properties"]["ResponseHeadersPolicyConfig"]) == expected
    assert "frame-ancestors 'none'" in expected["Content-Security-Policy"]


def test_presigned_urls_use_the_host_the_csp_names(monkeypatch):
    """The CSP's `<Media.DomainName>` is `<bucket>.s3.amazonaws.com`: the host boto3
    signs presigned uploads and downloads for, in any region."""
    from chalicelib.adapters.object_store import ObjectStore

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    store = ObjectStore("media-bucket", "eu-west-1")
    assert store.presigned_post("uploads/u/x.png", "image/png", 10).url == (
        "https://media-bucket.s3.amazonaws.com/"
    )
    assert store.presigned_get("images/u/x.png").startswith(
        "https://media-bucket.s3.amazonaws.com/"
    )


def _site_origins(stage: str, template: dict[str, Any]) -> list[str]:
    return [*STAGES[stage].allowed_origins, f"https://<{distribution_id(template)}.DomainName>"]


def test_every_function_allows_the_distribution_origin(template, stage):
    functions = resources(template, "AWS::Serverless::Function")
    assert functions
    for logical, function in functions.items():
        allowed = render(function["Properties"]["Environment"]["Variables"]["ALLOWED_ORIGINS"])
        assert allowed.split(",") == _site_origins(stage, template), logical


def test_links_in_emails_and_the_checkout_return_lead_to_the_distribution(template):
    functions = resources(template, "AWS::Serverless::Function")
    site = f"https://<{distribution_id(template)}.DomainName>"
    for logical, function in functions.items():
        public = render(function["Properties"]["Environment"]["Variables"]["PUBLIC_BASE_URL"])
        assert public == site, logical


def test_media_cors_allows_the_site_origins_for_presigned_uploads(template, stage):
    media = media_bucket(template)
    assert "CorsConfiguration" not in template["Resources"][media]["Properties"]
    (cors,) = resources(template, "Custom::AWS").values()
    create = json.loads(render(cors["Properties"]["Create"]))
    assert render(cors["Properties"]["Update"]) == render(cors["Properties"]["Create"])
    assert (create["service"], create["action"]) == ("S3", "putBucketCors")
    assert create["parameters"]["Bucket"] == f"<{media}>"
    (rule,) = create["parameters"]["CORSConfiguration"]["CORSRules"]
    assert rule["AllowedOrigins"] == _site_origins(stage, template)
    assert {"POST", "PUT"} <= set(rule["AllowedMethods"])
    provider = template["Resources"][cors["Properties"]["ServiceToken"]["Fn::GetAtt"][0]]
    role = provider["Properties"]["Role"]["Fn::GetAtt"][0]
    (policy,) = [
        p["Properties"]["PolicyDocument"]["Statement"]
        for p in resources(template, "AWS::IAM::Policy").values()
        if p["Properties"]["Roles"] == [{"Ref": role}]
    ]
    assert [(s["Action"], render(s["Resource"])) for s in policy] == [
        ("s3:PutBucketCors", f"<{media}.Arn>")
    ]


def test_api_integrations_name_the_api_function(template, stage):
    """The function's fixed name, never `${APIHandler.Arn}` (a cycle through CloudFront)."""
    name = f"{STAGES[stage].settings().resource_prefix}-api_handler"
    assert template["Resources"]["APIHandler"]["Properties"]["FunctionName"] == name
    paths = template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]["paths"]
    uris = {
        operation["x-amazon-apigateway-integration"]["uri"]["Fn::Sub"]
        for operations in paths.values()
        for operation in operations.values()
    }
    assert uris == {
        "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
        f"arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:${{AWS::AccountId}}:function:{name}"
        "/invocations"
    }

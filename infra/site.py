"""The website on one origin: a private S3 bucket (read by CloudFront through Origin
Access Control) for `web/dist`, and one CloudFront distribution whose `/v1/*` goes to the
API Gateway stage, so the session cookie, the CSRF Origin check and the page share it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from aws_cdk import CfnOutput, Duration, RemovalPolicy
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from constructs import Construct

from chalicelib.site_headers import site_headers
from infra import nag
from infra.stages import Stage

API_PATH = "/v1/*"
EDGE = Path(__file__).resolve().parent / "edge"
SITE_ROUTES = EDGE / "site_routes.js"  # client-side routes -> /index.html
VIEWER_IP = EDGE / "viewer_ip.js"  # the viewer's address for the API's WAF
VIEWER_IP_HEADER = "x-viewer-ip"
LOG_PREFIX = "cdn/"
OLD_SITE_VERSIONS = Duration.days(30)
_HSTS = re.compile(r"max-age=(\d+)")


@dataclass(frozen=True)
class Site:
    distribution: cloudfront.Distribution

    @property
    def origin(self) -> str:
        """`https://<distribution domain>`: the page's Origin (a token until deployed)."""
        return f"https://{self.distribution.distribution_domain_name}"


def media_origins(media: s3.IBucket) -> tuple[str, ...]:
    """Where the browser reaches the media bucket's presigned URLs: boto3 signs them for
    the bucket's global virtual-hosted name; S3 answers new buckets outside us-east-1 from
    the regional one (a redirect) and regional clients sign for it."""
    return (f"https://{media.bucket_domain_name}", f"https://{media.bucket_regional_domain_name}")


def response_headers_policy(
    scope: Construct, media: s3.IBucket, socket_origin: str
) -> cloudfront.ResponseHeadersPolicy:
    """`chalicelib.site_headers` as a CloudFront policy: the security headers CloudFront
    names, every other header as a custom one; all override the origin's."""
    headers = site_headers(media_origins(media), https=True, socket_origins=(socket_origin,))
    hsts = headers.pop("Strict-Transport-Security")
    max_age = _HSTS.search(hsts)
    if max_age is None or headers.pop("X-Content-Type-Options") != "nosniff":
        raise ValueError("site_headers holds a value CloudFront's policy cannot express")
    security = cloudfront.ResponseSecurityHeadersBehavior(
        content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
            content_security_policy=headers.pop("Content-Security-Policy"), override=True
        ),
        content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
        frame_options=cloudfront.ResponseHeadersFrameOptions(
            frame_option=cloudfront.HeadersFrameOption[headers.pop("X-Frame-Options")],
            override=True,
        ),
        referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
            referrer_policy=cloudfront.HeadersReferrerPolicy[
                headers.pop("Referrer-Policy").upper().replace("-", "_")
            ],
            override=True,
        ),
        strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
            access_control_max_age=Duration.seconds(int(max_age.group(1))),
            include_subdomains="includesubdomains" in hsts.lower(),
            preload="preload" in hsts.lower(),
            override=True,
        ),
    )
    custom = cloudfront.ResponseCustomHeadersBehavior(
        custom_headers=[
            cloudfront.ResponseCustomHeader(header=name, value=value, override=True)
            for name, value in headers.items()
        ]
    )
    return cloudfront.ResponseHeadersPolicy(
        scope,
        "SiteHeaders",
        comment="UI.md security headers, from chalicelib/site_headers.py",
        security_headers_behavior=security,
        custom_headers_behavior=custom,
    )


def _site_bucket(scope: Construct, stage: Stage, access_logs: s3.IBucket) -> s3.Bucket:
    return s3.Bucket(
        scope,
        "Site",
        encryption=s3.BucketEncryption.S3_MANAGED,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        versioned=True,
        enforce_ssl=True,
        server_access_logs_bucket=access_logs,
        server_access_logs_prefix="site/",
        lifecycle_rules=[
            s3.LifecycleRule(
                id="expire-old-site-versions", noncurrent_version_expiration=OLD_SITE_VERSIONS
            )
        ],
        removal_policy=RemovalPolicy.RETAIN if stage.protect_data else RemovalPolicy.DESTROY,
    )


def _viewer_request(scope: Construct, id: str, code: Path) -> cloudfront.FunctionAssociation:
    function = cloudfront.Function(
        scope,
        id,
        code=cloudfront.FunctionCode.from_file(file_path=str(code)),
        runtime=cloudfront.FunctionRuntime.JS_2_0,
        comment=code.name,
    )
    return cloudfront.FunctionAssociation(
        function=function, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST
    )


def api_behavior(scope: Construct, api_domain: str, api_stage: str) -> cloudfront.BehaviorOptions:
    """`/v1/*` to the REST API's stage (`https://dist/v1/me` is the stage's `/v1/me`):
    nothing cached, every viewer header but Host (API Gateway routes on its own), the
    cookies and the query strings forwarded."""
    return cloudfront.BehaviorOptions(
        origin=origins.HttpOrigin(
            api_domain,
            origin_path=f"/{api_stage}",
            protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            origin_ssl_protocols=[cloudfront.OriginSslPolicy.TLS_V1_2],
        ),
        viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
        cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
        origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        function_associations=[_viewer_request(scope, "ViewerIp", VIEWER_IP)],
    )


def build_site(
    scope: Construct,
    stage: Stage,
    access_logs: s3.IBucket,
    media: s3.IBucket,
    api: tuple[str, str],  # the REST API's regional domain and stage
    socket_origin: str,  # the WebSocket API's, which pages connect to
) -> Site:
    api_domain, api_stage = api
    bucket = _site_bucket(scope, stage, access_logs)
    distribution = cloudfront.Distribution(
        scope,
        "Cdn",
        comment=f"{stage.settings().resource_prefix} website and API",
        default_behavior=cloudfront.BehaviorOptions(
            origin=origins.S3BucketOrigin.with_origin_access_control(bucket),
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
            compress=True,
            cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
            response_headers_policy=response_headers_policy(scope, media, socket_origin),
            function_associations=[_viewer_request(scope, "SiteRoutes", SITE_ROUTES)],
        ),
        additional_behaviors={API_PATH: api_behavior(scope, api_domain, api_stage)},
        # No error responses: distribution-wide, they would turn the API's 403/404
        # problem+json into the page; client-side routes are the function's job.
        default_root_object="index.html",
        http_version=cloudfront.HttpVersion.HTTP2_AND_3,
        price_class=cloudfront.PriceClass.PRICE_CLASS_100,
        enable_logging=True,
        log_bucket=access_logs,
        log_file_prefix=LOG_PREFIX,
    )
    for finding, reason in {
        "AwsSolutions-CFR1": nag.WORLDWIDE_REASON,
        "AwsSolutions-CFR2": nag.CDN_WAF_REASON,
        "AwsSolutions-CFR4": nag.DEFAULT_CERTIFICATE_REASON,
    }.items():
        nag.acknowledge(distribution, finding, reason)
    CfnOutput(scope, "SiteBucketName", value=bucket.bucket_name)
    CfnOutput(scope, "DistributionId", value=distribution.distribution_id)
    CfnOutput(scope, "SiteUrl", value=f"https://{distribution.distribution_domain_name}/")
    return Site(distribution)

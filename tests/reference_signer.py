"""Signs requests with the cloud's reference signer, for the signing tests.

Reads a JSON list of requests on stdin, each {method, host, path, query: [[name, value], ...],
headers: [[name, value], ...], body_hex, seconds, date, ak, sk, security_token}, signs each with the
Signer class of huaweicloudsdkcore dated `date` (an X-Sdk-Date) or else `seconds` after the epoch,
and prints {"version": ..., "signed": [{"authorization", "uri", "date", "security_token"}, ...]}.
A case with a security_token (a temporary AK/SK) is signed through BasicCredentials.sign_request,
the SDK's own path, which adds the X-Security-Token header before signing; "security_token" in the
answer is that header as the SDK set it (null when absent).
"""
import json
import sys
import types
from datetime import datetime, timezone
from importlib.metadata import version

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer


def sign(case):
    date = case["date"] or datetime.fromtimestamp(case["seconds"], timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    headers = dict(case["headers"])
    headers["X-Sdk-Date"] = date
    request = SdkRequest(
        method=case["method"],
        schema="https",
        host=case["host"],
        resource_path=case["path"],
        query_params=[tuple(pair) for pair in case["query"]],
        header_params=headers,
        body=bytes.fromhex(case["body_hex"]),
    )
    if case.get("security_token") is not None:
        BasicCredentials(case["ak"], case["sk"]).with_security_token(case["security_token"]).sign_request(request)
    else:
        Signer(types.SimpleNamespace(ak=case["ak"], sk=case["sk"])).sign(request)
    return {
        "authorization": request.header_params["Authorization"],
        "uri": request.uri,
        "date": date,
        "security_token": request.header_params.get("X-Security-Token"),
    }


json.dump({"version": version("huaweicloudsdkcore"), "signed": [sign(c) for c in json.load(sys.stdin)]}, sys.stdout)

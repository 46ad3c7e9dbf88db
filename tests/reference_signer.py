"""Signs requests with the cloud's reference signer, for the signing tests.

Reads a JSON list of requests on stdin, each {method, host, path, query: [[name, value], ...],
headers: [[name, value], ...], body_hex, seconds, date, ak, sk}, signs each with the Signer class
of huaweicloudsdkcore dated `date` (an X-Sdk-Date) or else `seconds` after the epoch, and prints
{"version": ..., "signed": [{"authorization", "uri", "date"}, ...]}.
"""
import json
import sys
import types
from datetime import datetime, timezone
from importlib.metadata import version

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
    Signer(types.SimpleNamespace(ak=case["ak"], sk=case["sk"])).sign(request)
    return {"authorization": request.header_params["Authorization"], "uri": request.uri, "date": date}


json.dump({"version": version("huaweicloudsdkcore"), "signed": [sign(c) for c in json.load(sys.stdin)]}, sys.stdout)

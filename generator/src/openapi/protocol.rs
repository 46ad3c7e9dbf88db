//! What every operation shares and the spec only names (`errors: ecs|nova`, `microversions`):
//! the endpoint, authentication, the two error dialects and the headers the runtime reads and
//! sends. The facts are those the runtime (`generator/runtime/`) is written against, cited from the
//! project's API facts.

use serde_json::{Map, Value, json};

use super::map_of;
use super::schemas::{open, reference};
use crate::model::{DocumentedCode, ErrorDialect};

const FACTS: &str = "API facts (the project's gathered notes)";

/// Component names of the error dialects; lower case, so no spec schema (UpperCamelCase) can take
/// them.
pub const ECS_ERROR: &str = "ecs-error";
pub const NOVA_ERROR: &str = "nova-error";
const NOVA_FAULT: &str = "nova-error-body";
/// The documented codes of the ECS dialect.
pub const ECS_ERROR_CODE: &str = "ecs-error-code";

/// Nova's error kinds with the statuses each is sent with.
const NOVA_KINDS: &[(&str, &str)] = &[
    ("badRequest", "400"),
    ("unauthorized", "401"),
    ("forbidden", "403"),
    ("itemNotFound", "404"),
    ("badMethod", "405"),
    ("conflictingRequest", "409"),
    ("overLimit", "413 or 429, with retryAfter"),
    ("badMediaType", "415"),
    ("notImplemented", "501"),
    ("serviceUnavailable", "503"),
    ("computeFault", "any other status"),
];

pub fn servers() -> Value {
    json!([{
        "url": "https://ecs.{region}.otc.t-systems.com",
        "description": "The ECS endpoint of one region; the Nova-native paths are served by the same host.",
        "variables": {"region": {"default": "eu-de", "description": "The region, such as eu-de."}},
        "x-source": format!("{FACTS}, §4 (endpoint)"),
    }])
}

/// Either scheme authenticates a request.
pub fn security() -> Value {
    json!([{"iam-token": []}, {"aksk": []}])
}

pub fn security_schemes() -> Value {
    json!({
        "iam-token": {
            "type": "apiKey",
            "in": "header",
            "name": "X-Auth-Token",
            "description": "An IAM token (from IAM `POST /v3/auth/tokens`, returned in its `X-Subject-Token` header). A secret.",
            "x-source": format!("{FACTS}, §4 (authentication)"),
        },
        "aksk": {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "AK/SK signing: `Authorization: SDK-HMAC-SHA256 Access=<access key>, SignedHeaders=<names>, Signature=<hex>` computed over the canonical request (method, path, sorted query, signed headers including `host` and `X-Sdk-Date`, SHA-256 of the body) with the secret key, sent together with an `X-Sdk-Date` header (`YYYYMMDDTHHMMSSZ`). OpenAPI has no scheme for request signing, hence an API key in `Authorization` and `x-signing`.",
            "x-signing": {"algorithm": "SDK-HMAC-SHA256", "date-header": "X-Sdk-Date"},
            "x-source": format!("{FACTS}, §4 (authentication)"),
        },
    })
}

/// The request ID headers, by component name.
pub fn headers() -> Value {
    json!({
        "X-Request-Id": {
            "description": "ID of the request, for support cases (ECS-native APIs).",
            "schema": {"type": "string"},
            "x-source": format!("{FACTS}, §4 (endpoint)"),
        },
        "X-Openstack-Request-Id": {
            "description": "ID of the request, for support cases (Nova-native APIs).",
            "schema": {"type": "string"},
            "x-source": format!("{FACTS}, §4 (endpoint)"),
        },
    })
}

/// The request ID header of an error dialect, as a response's `headers`.
pub fn request_id(dialect: ErrorDialect) -> Value {
    let name = match dialect {
        ErrorDialect::Nova => "X-Openstack-Request-Id",
        ErrorDialect::Ecs => "X-Request-Id",
    };
    json!({ name: {"$ref": format!("#/components/headers/{name}")} })
}

/// The error response of an operation's dialect (`errors: ecs|nova`).
pub fn error_response(dialect: ErrorDialect) -> Value {
    let name = match dialect {
        ErrorDialect::Nova => NOVA_ERROR,
        ErrorDialect::Ecs => ECS_ERROR,
    };
    json!({"$ref": format!("#/components/responses/{name}")})
}

/// The error response of operations merged across both dialects (OpenAPI has one operation where
/// the spec has several): either body, either request ID header.
pub fn either_error_response() -> Value {
    let mut headers = map_of(request_id(ErrorDialect::Ecs));
    headers.extend(map_of(request_id(ErrorDialect::Nova)));
    json!({
        "description": "An error in the dialect of the operation the body selects: `ecs-error` or `nova-error` (see `x-operations`).",
        "headers": headers,
        "content": {"application/json": {
            "schema": {"anyOf": [reference(ECS_ERROR), reference(NOVA_ERROR)]},
        }},
    })
}

pub fn error_responses() -> Value {
    json!({
        ECS_ERROR: {
            "description": "An error of the ECS-native APIs: an object under `error` with a code such as Ecs.0005, a message and optional details.",
            "headers": request_id(ErrorDialect::Ecs),
            "content": {"application/json": {
                "schema": reference(ECS_ERROR),
                "examples": {"server_not_found": {
                    "summary": "the ECS does not exist (illustrative)",
                    "value": {"error": {"code": "Ecs.0114", "message": "The ECS does not exist."}},
                }},
            }},
        },
        NOVA_ERROR: {
            "description": "An error of the Nova-native APIs: an object under a key naming the kind of error, holding code and message.",
            "headers": request_id(ErrorDialect::Nova),
            "content": {"application/json": {
                "schema": reference(NOVA_ERROR),
                "examples": {
                    "conflicting_request": {
                        "summary": "the ECS is in a state that forbids the action (illustrative)",
                        "value": {"conflictingRequest": {"code": 409, "message": "The ECS cannot be rebuilt in its current state."}},
                    },
                    "over_limit": {
                        "summary": "too many requests (illustrative)",
                        "value": {"overLimit": {"code": 429, "message": "Rate limit exceeded.", "retryAfter": "30"}},
                    },
                },
            }},
        },
    })
}

/// The documented error codes (`spec/error_codes.yaml`) as an open enum of strings: each code
/// with its meaning and status in `x-enum-descriptions` (which documentation viewers and client
/// generators read) and, for programs, in `x-error-codes` by code. `None` for a spec without
/// codes.
fn error_code_schema(codes: &[DocumentedCode]) -> Option<Value> {
    if codes.is_empty() {
        return None;
    }
    let described: Vec<String> = codes
        .iter()
        .map(|c| match c.status {
            Some(status) => format!("{} (HTTP {status})", c.meaning),
            None => c.meaning.clone(),
        })
        .collect();
    let known = codes.iter().map(|c| c.code.as_str().into()).collect();
    let mut schema = open("string", known, described.iter().map(String::as_str));
    let by_code: Map<String, Value> = codes
        .iter()
        .map(|c| {
            let mut entry = Map::new();
            if let Some(status) = c.status {
                entry.insert("status".into(), status.into());
            }
            entry.insert("meaning".into(), c.meaning.as_str().into());
            entry.insert("x-source".into(), c.source.as_str().into());
            (c.code.clone(), Value::Object(entry))
        })
        .collect();
    schema.insert(
        "description".into(),
        "An ECS error code. The codes the API reference documents are listed, each with its meaning and the HTTP status the reference gives it (`x-error-codes`); a code means the same in any case (`ECS.0005`), and the service may send codes the reference does not list. The status of an asynchronous call's code, which comes inside a failed job, may differ.".into(),
    );
    schema.insert("x-error-codes".into(), Value::Object(by_code));
    Some(Value::Object(schema))
}

/// The error dialects' schemas, by component name; the documented `codes` give the ECS
/// dialect's `code` its values.
pub fn error_schemas(codes: &[DocumentedCode]) -> Map<String, Value> {
    let code = match error_code_schema(codes) {
        Some(_) => reference(ECS_ERROR_CODE),
        None => json!({"type": "string"}),
    };
    let mut error_code = map_of(code.clone());
    error_code.insert("description".into(), "Error code, such as Ecs.0005.".into());
    let mut kinds = Map::new();
    for (kind, status) in NOVA_KINDS {
        let mut schema = map_of(reference(NOVA_FAULT));
        schema.insert("description".into(), format!("HTTP {status}.").into());
        kinds.insert((*kind).into(), Value::Object(schema));
    }
    let schemas = json!({
        ECS_ERROR: {
            "type": "object",
            "description": "Error body of the ECS-native APIs.",
            "properties": {"error": {
                "type": "object",
                "properties": {
                    "code": error_code,
                    "message": {"type": "string", "description": "What went wrong."},
                    "details": {
                        "type": "array",
                        "description": "Further errors, each with its own code and message.",
                        "items": {
                            "type": "object",
                            "properties": {"code": code, "message": {"type": "string"}},
                            "additionalProperties": true,
                        },
                    },
                },
                "required": ["code", "message"],
                "additionalProperties": true,
            }},
            "required": ["error"],
            "additionalProperties": true,
            "x-source": format!("{FACTS}, §4 (ECS-native error body)"),
        },
        NOVA_ERROR: {
            "type": "object",
            "description": "Error body of the Nova-native APIs: one key naming the kind of error. Kinds not listed here (the service may add some) have the same body.",
            "properties": kinds,
            "additionalProperties": reference(NOVA_FAULT),
            "minProperties": 1,
            "x-source": format!("{FACTS}, §2 (errors)"),
        },
        NOVA_FAULT: {
            "type": "object",
            "description": "What a Nova error holds.",
            "properties": {
                "code": {"type": "integer", "description": "The HTTP status, repeated."},
                "message": {"type": "string", "description": "What went wrong."},
                "retryAfter": {"type": ["string", "integer"], "description": "Seconds to wait before trying again (overLimit only)."},
            },
            "required": ["code", "message"],
            "additionalProperties": true,
            "x-source": format!("{FACTS}, §2 (errors)"),
        },
    });
    let mut schemas = map_of(schemas);
    if let Some(codes) = error_code_schema(codes) {
        schemas.insert(ECS_ERROR_CODE.into(), codes);
    }
    schemas
}

/// The headers that ask for a microversion of `service`, as operation parameters; `example` is the
/// version shown (the highest `since` of the request, else the default).
pub fn microversion_parameters(service: &str, default: &str, example: &str) -> Vec<Value> {
    let source = format!("{FACTS}, §2 (microversions)");
    let mut out = vec![json!({
        "name": "OpenStack-API-Version",
        "in": "header",
        "required": false,
        "description": format!("The microversion to answer with, as `{service} MAJOR.MINOR`; without it (and without X-OpenStack-Nova-API-Version) the service answers as {default}. Fields marked `x-since` need at least that version."),
        "schema": {"type": "string", "pattern": format!("^{service} [0-9]+\\.[0-9]+$")},
        "examples": {"version": {"value": format!("{service} {example}")}},
        "x-source": source,
    })];
    if service == "compute" {
        out.push(json!({
            "name": "X-OpenStack-Nova-API-Version",
            "in": "header",
            "required": false,
            "description": format!("The compute microversion as `MAJOR.MINOR`, the older header, sent beside OpenStack-API-Version; without either the service answers as {default}."),
            "schema": {"type": "string", "pattern": "^[0-9]+\\.[0-9]+$"},
            "examples": {"version": {"value": example}},
            "x-source": source,
        }));
    }
    out
}

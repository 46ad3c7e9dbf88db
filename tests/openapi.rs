//! `client-codegen --openapi`: the real spec as an OpenAPI 3.1 document, its exact shape, and (when
//! python3 has `openapi-spec-validator` and `jsonschema`, as `.ci/run` installs them) an independent
//! validation of the document and of every example in it by `tests/openapi/validate.py`.

mod support;

use std::path::Path;
use std::process::Command;

use client_codegen::{Failure, openapi};
use serde_json::{Value, json};

fn export(spec: &Path) -> (String, Value) {
    let text = openapi(spec).expect("the spec exports");
    let value = serde_json::from_str(&text).expect("the export is JSON");
    (text, value)
}

fn real() -> (String, Value) {
    export(&support::root().join("spec"))
}

fn schema<'a>(doc: &'a Value, name: &str) -> &'a Value {
    &doc["components"]["schemas"][name]
}

#[test]
fn every_operation_and_path_is_exported_with_a_unique_operation_id() {
    let (_, doc) = real();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = &doc["paths"];
    for (path, method, id) in [
        (
            "/v2/{project_id}/cloudservers/{server_id}/reinstallos",
            "post",
            "reinstall_os",
        ),
        ("/v1/{project_id}/jobs/{job_id}", "get", "show_job"),
        (
            "/v2.1/{project_id}/servers/{server_id}/action",
            "post",
            "rebuild_server",
        ),
        (
            "/v2/{project_id}/servers/{server_id}/action",
            "post",
            "rebuild_server_v2",
        ),
        (
            "/v2.1/{project_id}/servers/{server_id}",
            "get",
            "show_server",
        ),
        (
            "/v2/{project_id}/servers/{server_id}",
            "get",
            "show_server_v2",
        ),
    ] {
        assert_eq!(paths[path][method]["operationId"], id, "{method} {path}");
    }
    assert_eq!(
        paths["/v2/{project_id}/servers/{server_id}/action"]["post"]["x-path-variant"],
        "v2"
    );
    let mut ids: Vec<&str> = paths
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .map(|op| op["operationId"].as_str().unwrap())
        .collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "operation ids are unique: {ids:?}");
}

#[test]
fn the_real_spec_shares_paths_told_apart_by_wrapper_or_by_a_constant_discriminator() {
    let (_, doc) = real();
    let op = |path: &str| doc["paths"][path]["post"].clone();
    let members = |op: &Value| -> Vec<String> {
        op["x-operations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["operationId"].as_str().unwrap().to_string())
            .collect()
    };
    let batch = op("/v1/{project_id}/cloudservers/action");
    assert_eq!(
        batch["operationId"],
        "post_v1_project_id_cloudservers_action"
    );
    assert_eq!(
        members(&batch),
        ["reboot_servers", "start_servers", "stop_servers"]
    );
    let schema = &batch["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(schema["oneOf"].as_array().map(Vec::len), Some(3));
    assert!(
        schema.get("discriminator").is_none(),
        "the wrapper key selects"
    );
    let tags = op("/v1/{project_id}/cloudservers/{server_id}/tags/action");
    assert_eq!(members(&tags), ["create_server_tags", "delete_server_tags"]);
    assert_eq!(
        tags["requestBody"]["content"]["application/json"]["schema"]["discriminator"],
        json!({"propertyName": "action", "mapping": {
            "create": "#/components/schemas/request-create_server_tags",
            "delete": "#/components/schemas/request-delete_server_tags",
        }})
    );
    let by_tag = op("/v1/{project_id}/servers/resource_instances/action");
    assert_eq!(
        members(&by_tag),
        ["count_servers_by_tags", "list_servers_by_tags"]
    );
    assert_eq!(
        by_tag["responses"]["200"]["content"]["application/json"]["schema"],
        json!({"anyOf": [
            {"$ref": "#/components/schemas/TaggedServerCount", "x-operations": ["count_servers_by_tags"]},
            {"$ref": "#/components/schemas/TaggedServerPage", "x-operations": ["list_servers_by_tags"]},
        ]})
    );
    assert_eq!(
        by_tag["x-operations"][0]["x-notes"][0]["source"],
        "Querying ECSs by Tag, Example Response 2"
    );
    // Every spec operation is exported: under its own id or as a member of a shared path.
    let mut exported: Vec<String> = Vec::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            match op.get("x-operations") {
                Some(_) => exported.extend(members(op)),
                None => exported.push(op["operationId"].as_str().unwrap().into()),
            }
        }
    }
    let count = exported.len();
    exported.sort();
    exported.dedup();
    assert_eq!(exported.len(), count, "each once");
    for id in [
        "start_servers",
        "delete_server_tags",
        "remove_server_group_member",
    ] {
        assert!(exported.iter().any(|e| e == id), "{id}");
    }
}

#[test]
fn path_parameters_carry_their_descriptions_and_the_client_filled_project() {
    let (_, doc) = real();
    let params = &doc["paths"]["/v1/{project_id}/jobs/{job_id}"]["get"]["parameters"];
    assert_eq!(params[0]["name"], "project_id");
    assert_eq!(params[0]["in"], "path");
    assert_eq!(params[0]["required"], true);
    assert_eq!(params[0]["x-from"], "client");
    assert_eq!(params[1]["name"], "job_id");
    assert_eq!(
        params[1]["description"],
        "ID of the job, as returned by the call that started it."
    );
    assert_eq!(
        params.as_array().unwrap().len(),
        2,
        "no microversion headers"
    );
}

#[test]
fn request_bodies_sit_under_their_required_wrapper_key() {
    let (_, doc) = real();
    let body = &doc["paths"]["/v2/{project_id}/cloudservers/{server_id}/reinstallos"]["post"]["requestBody"];
    assert_eq!(body["required"], true);
    let media = &body["content"]["application/json;charset=UTF-8"];
    assert_eq!(
        media["schema"],
        json!({
            "type": "object",
            "properties": {"os-reinstall": {"$ref": "#/components/schemas/OsReinstall"}},
            "required": ["os-reinstall"],
            "additionalProperties": false,
            "x-wrapper": "os-reinstall",
        })
    );
    let examples = media["examples"].as_object().unwrap();
    let names: Vec<&str> = examples.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "encrypted_system_disk_password_login",
            "key_pair_login",
            "password_login_stopping_the_ecs_first"
        ]
    );
    assert_eq!(
        examples["key_pair_login"]["value"],
        json!({"os-reinstall": {"keyname": "KeyPair-350b", "userid": "7e25b1da389f4697a79df3a0e5bd494e"}})
    );
    let rebuild = &doc["paths"]["/v2.1/{project_id}/servers/{server_id}/action"]["post"];
    assert_eq!(
        rebuild["requestBody"]["content"]["application/json"]["schema"]["required"],
        json!(["rebuild"])
    );
}

#[test]
fn responses_have_their_statuses_examples_and_the_dialects_error() {
    let (_, doc) = real();
    let reinstall = &doc["paths"]["/v2/{project_id}/cloudservers/{server_id}/reinstallos"]["post"];
    let codes: Vec<&String> = reinstall["responses"].as_object().unwrap().keys().collect();
    assert_eq!(codes, ["200", "202", "default"]);
    assert_eq!(
        reinstall["responses"]["default"],
        json!({"$ref": "#/components/responses/ecs-error"})
    );
    let rebuild = &doc["paths"]["/v2.1/{project_id}/servers/{server_id}/action"]["post"];
    assert_eq!(
        rebuild["responses"]["default"],
        json!({"$ref": "#/components/responses/nova-error"})
    );
    let ok = &rebuild["responses"]["202"]["content"]["application/json"];
    assert_eq!(
        ok["schema"],
        json!({"$ref": "#/components/schemas/RebuildServerResponse"})
    );
    let server = &ok["examples"]["rebuild_from_image_3ed456f5_3d8f_4383_a6c9_312032afcd1a"]["value"]
        ["server"];
    assert_eq!(server["progress"], 0);
    assert_eq!(server["status"], "REBUILD");
    assert!(server["addresses"].is_object());
}

#[test]
fn both_error_dialects_are_components() {
    let (_, doc) = real();
    let ecs = schema(&doc, "ecs-error");
    assert_eq!(ecs["required"], json!(["error"]));
    assert_eq!(
        ecs["properties"]["error"]["required"],
        json!(["code", "message"])
    );
    assert_eq!(
        ecs["properties"]["error"]["properties"]["details"]["type"],
        "array"
    );
    let nova = schema(&doc, "nova-error");
    let kinds: Vec<&String> = nova["properties"].as_object().unwrap().keys().collect();
    assert_eq!(
        kinds,
        [
            "badMediaType",
            "badMethod",
            "badRequest",
            "computeFault",
            "conflictingRequest",
            "forbidden",
            "itemNotFound",
            "notImplemented",
            "overLimit",
            "serviceUnavailable",
            "unauthorized"
        ]
    );
    assert_eq!(
        nova["additionalProperties"],
        json!({"$ref": "#/components/schemas/nova-error-body"})
    );
    assert_eq!(
        schema(&doc, "nova-error-body")["required"],
        json!(["code", "message"])
    );
}

#[test]
fn the_documented_error_codes_are_the_values_of_the_ecs_errors_code() {
    let (_, doc) = real();
    let error = &schema(&doc, "ecs-error")["properties"]["error"]["properties"];
    let code_ref = json!({"$ref": "#/components/schemas/ecs-error-code", "description": "Error code, such as Ecs.0005."});
    assert_eq!(error["code"], code_ref);
    assert_eq!(
        error["details"]["items"]["properties"]["code"],
        json!({"$ref": "#/components/schemas/ecs-error-code"})
    );

    // An open enum of the 155 codes, in the crate's order, each described with its status.
    let codes = schema(&doc, "ecs-error-code");
    assert_eq!(codes["type"], "string");
    assert_eq!(codes["x-open-enum"], true);
    assert_eq!(codes["anyOf"][1]["type"], "string");
    let known = codes["anyOf"][0]["enum"].as_array().unwrap();
    let described = codes["anyOf"][0]["x-enum-descriptions"].as_array().unwrap();
    assert_eq!((known.len(), described.len()), (155, 155));
    let exported: Vec<&str> = known.iter().map(|c| c.as_str().unwrap()).collect();
    for (code, text) in exported.iter().zip(described) {
        let crate_code = otc_ecs::documented(code).expect("the crate documents it too");
        let said = match crate_code.status {
            Some(status) => format!("{} (HTTP {status})", crate_code.meaning),
            None => crate_code.meaning.to_string(),
        };
        assert_eq!(text, &json!(said), "{code}");
    }
    let at = exported.iter().position(|c| *c == "Ecs.0114").unwrap();
    assert_eq!(described[at], "The ECS was not found. (HTTP 404)");

    // By code, for programs: status and meaning; a code the page gives a success status has none.
    let by_code = &codes["x-error-codes"];
    assert_eq!(by_code.as_object().unwrap().len(), 155);
    assert_eq!(
        by_code["Ecs.0114"],
        json!({"status": 404, "meaning": "The ECS was not found.", "x-source": "Error Codes, table \"Error Codes\""})
    );
    assert_eq!(by_code["Common.0024"].get("status"), None);
    assert!(by_code["Common.0024"]["meaning"].is_string());

    // A spec without codes (IAM's) keeps a plain string.
    let (_, iam) = export(&support::root().join("spec/iam"));
    assert_eq!(schema(&iam, "ecs-error-code"), &Value::Null);
    assert_eq!(
        schema(&iam, "ecs-error")["properties"]["error"]["properties"]["code"],
        json!({"type": "string", "description": "Error code, such as Ecs.0005."})
    );
}

#[test]
fn microversioned_operations_take_the_version_headers() {
    let (_, doc) = real();
    let rebuild = &doc["paths"]["/v2.1/{project_id}/servers/{server_id}/action"]["post"];
    let params = rebuild["parameters"].as_array().unwrap();
    let headers: Vec<(&str, &Value)> = params
        .iter()
        .filter(|p| p["in"] == "header")
        .map(|p| {
            (
                p["name"].as_str().unwrap(),
                &p["examples"]["version"]["value"],
            )
        })
        .collect();
    assert_eq!(
        headers,
        [
            ("OpenStack-API-Version", &json!("compute 2.57")),
            ("X-OpenStack-Nova-API-Version", &json!("2.57")),
        ]
    );
    assert_eq!(rebuild["x-microversions"]["default"], "2.1");
}

#[test]
fn fields_keep_required_nullability_lengths_formats_and_citations() {
    let (_, doc) = real();
    let server = &schema(&doc, "Server");
    assert_eq!(server["required"], json!(["id"]));
    assert_eq!(server["additionalProperties"], true);
    assert_eq!(
        server["properties"]["progress"]["type"],
        json!(["integer", "null"])
    );
    assert_eq!(
        server["properties"]["addresses"]["additionalProperties"],
        json!({"type": "array", "items": {"$ref": "#/components/schemas/ServerAddress"}})
    );
    let rebuild = &schema(&doc, "Rebuild")["properties"];
    assert_eq!(rebuild["key_name"]["type"], json!(["string", "null"]));
    assert_eq!(rebuild["key_name"]["x-since"], "2.54");
    assert_eq!(rebuild["name"]["minLength"], 1);
    assert_eq!(rebuild["name"]["maxLength"], 254);
    assert_eq!(rebuild["adminPass"]["x-ignored"], true);
    assert_eq!(rebuild["user_data"]["format"], "byte");
    assert_eq!(rebuild["user_data"]["contentEncoding"], "base64");
    assert_eq!(rebuild["user_data"]["x-secret"], true);
    assert_eq!(rebuild["user_data"]["x-since"], "2.57");
    assert_eq!(rebuild["user_data"]["x-max-decoded-bytes"], 32768);
    assert_eq!(
        rebuild["imageRef"]["x-source"],
        "Rebuilding an ECS, Table 3 (rebuild fields)"
    );
    let reinstall = &schema(&doc, "OsReinstall");
    assert_eq!(reinstall["properties"]["adminpass"]["format"], "password");
    assert_eq!(
        reinstall["dependentRequired"],
        json!({"keyname": ["userid"]})
    );
    assert_eq!(
        reinstall["allOf"],
        json!([{"not": {"required": ["adminpass", "keyname"]}}])
    );
    assert_eq!(reinstall["x-rules"][1]["kind"], "excludes");
    let metadata = &schema(&doc, "OsReinstallMetadata")["properties"];
    assert_eq!(metadata["__system__cmkid"]["format"], "uuid");
    assert_eq!(metadata["user_data"]["x-max-decoded-bytes"], 32768);
}

#[test]
fn enums_are_open_and_one_of_keeps_the_empty_string() {
    let (_, doc) = real();
    let status = schema(&doc, "JobStatus");
    assert_eq!(status["type"], "string");
    assert_eq!(status["x-open-enum"], true);
    assert_eq!(
        status["anyOf"][0]["enum"],
        json!(["SUCCESS", "RUNNING", "FAIL", "INIT"])
    );
    assert_eq!(status["anyOf"][1]["type"], "string");
    let power = schema(&doc, "PowerState");
    assert_eq!(power["type"], "integer");
    assert_eq!(power["x-open-enum"], true);
    assert_eq!(power["anyOf"][0]["enum"], json!([0, 1, 2, 3, 4]));
    assert_eq!(power["anyOf"][1]["type"], "integer");
    let image = schema(&doc, "ServerImage");
    assert_eq!(image["oneOf"][0]["$ref"], "#/components/schemas/ImageRef");
    assert_eq!(image["oneOf"][1]["const"], "");
    assert_eq!(image["oneOf"][1]["type"], "string");
}

#[test]
fn servers_and_security_schemes_are_declared() {
    let (_, doc) = real();
    assert_eq!(
        doc["servers"][0]["url"],
        "https://ecs.{region}.otc.t-systems.com"
    );
    assert_eq!(doc["servers"][0]["variables"]["region"]["default"], "eu-de");
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["iam-token"]["name"], "X-Auth-Token");
    assert_eq!(schemes["aksk"]["name"], "Authorization");
    assert_eq!(schemes["aksk"]["x-signing"]["algorithm"], "SDK-HMAC-SHA256");
    assert_eq!(doc["security"], json!([{"iam-token": []}, {"aksk": []}]));
}

#[test]
fn export_is_deterministic_pretty_and_ends_in_a_newline() {
    let (first, doc) = real();
    let (second, _) = real();
    assert_eq!(first, second);
    assert!(first.ends_with("}\n"));
    assert_eq!(
        first,
        format!("{}\n", serde_json::to_string_pretty(&doc).unwrap())
    );
}

#[test]
fn actions_sharing_a_path_are_one_operation_whose_body_selects_the_member() {
    let (_, doc) = export(&support::root().join("tests/openapi/edge_cases.yaml"));
    let paths = &doc["paths"];
    assert!(
        paths.as_object().unwrap().keys().all(|p| !p.contains('#')),
        "every key is a real path"
    );
    let action = "/v2.1/{project_id}/boxes/{box_id}/action";
    let op = &paths[action]["post"];
    assert_eq!(
        op["operationId"],
        "post_v2_1_project_id_boxes_box_id_action"
    );
    assert_eq!(op["summary"], "Start a box. / Stop a box. / Weigh a box.");
    let members: Vec<(&str, &str)> = op["x-operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["operationId"].as_str().unwrap(),
                m["summary"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        members,
        [
            ("start_box", "Start a box."),
            ("stop_box", "Stop a box."),
            ("weigh_box", "Weigh a box.")
        ]
    );
    assert_eq!(op["x-operations"][1]["x-errors"], "nova");
    assert_eq!(op["x-operations"][2]["x-errors"], "ecs");
    assert_eq!(
        op["x-operations"][2]["requestBody"],
        json!({"$ref": "#/components/schemas/request-weigh_box"})
    );
    assert!(op.get("x-errors").is_none(), "the members' dialects differ");
    // The bodies: each a component, told apart by their closed wrappers, so `oneOf`; no one
    // property's value tells them apart, so no discriminator.
    let body = &op["requestBody"]["content"]["application/json"];
    assert_eq!(
        body["schema"],
        json!({"oneOf": [
            {"$ref": "#/components/schemas/request-start_box"},
            {"$ref": "#/components/schemas/request-stop_box"},
            {"$ref": "#/components/schemas/request-weigh_box"},
        ]})
    );
    assert_eq!(op["requestBody"]["required"], true);
    let stop = schema(&doc, "request-stop_box");
    assert_eq!(stop["required"], json!(["os-stop"]));
    assert_eq!(stop["additionalProperties"], false);
    assert_eq!(stop["x-operation"], "stop_box");
    assert_eq!(
        body["examples"]["weigh_box_weigh_it"]["value"],
        json!({"weigh": {}})
    );
    assert_eq!(
        body["examples"]["weigh_box_weigh_it"]["x-operation"],
        "weigh_box"
    );
    // The query parameter only one member takes is optional and names it.
    let unit = &op["parameters"][2];
    assert_eq!(
        (&unit["name"], &unit["in"], &unit["required"]),
        (&json!("unit"), &json!("query"), &json!(false))
    );
    assert_eq!(unit["x-operations"], json!(["weigh_box"]));
    assert_eq!(op["parameters"][1]["required"], true);
    assert!(op["parameters"][1].get("x-operations").is_none());
    // 200 only the weighing answers; 202 all three, with two distinct schemas.
    assert_eq!(
        op["responses"]["200"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/Weight"})
    );
    assert_eq!(
        op["responses"]["202"]["content"]["application/json"]["schema"],
        json!({"anyOf": [
            {"$ref": "#/components/schemas/Chest", "x-operations": ["start_box", "stop_box"]},
            {"$ref": "#/components/schemas/Weight", "x-operations": ["weigh_box"]},
        ]})
    );
    let headers = op["responses"]["202"]["headers"].as_object().unwrap();
    assert_eq!(
        headers.keys().collect::<Vec<_>>(),
        ["X-Openstack-Request-Id", "X-Request-Id"]
    );
    // Two dialects: either error body.
    assert_eq!(
        op["responses"]["default"]["content"]["application/json"]["schema"],
        json!({"anyOf": [
            {"$ref": "#/components/schemas/ecs-error"},
            {"$ref": "#/components/schemas/nova-error"},
        ]})
    );
    let label = schema(&doc, "Label");
    assert!(label.get("oneOf").is_none(), "a \"\" fits both variants");
    assert_eq!(label["anyOf"][1]["const"], "");
    let chest = &schema(&doc, "Chest")["properties"];
    assert_eq!(
        chest["label"]["anyOf"],
        json!([{"$ref": "#/components/schemas/Label"}, {"type": "null"}])
    );
    assert_eq!(chest["tag"]["type"], json!(["string", "null"]));
    assert_eq!(chest["tag"]["enum"], json!(["", null]));
    assert_eq!(schema(&doc, "Chest")["examples"][0]["id"], "b2");
}

#[test]
fn a_broken_spec_exports_nothing_and_a_missing_one_is_an_io_failure() {
    let broken = openapi(&support::root().join("tests/broken/unknown_schema.yaml"));
    assert!(matches!(&broken, Err(Failure::Spec(d)) if !d.is_empty()));
    assert_eq!(broken.err().map(|f| f.exit_code()), Some(1));
    let missing = openapi(&support::root().join("tests/openapi/no_such.yaml"));
    assert_eq!(missing.err().map(|f| f.exit_code()), Some(2));
}

/// Runs `tests/openapi/validate.py` on the export of `spec`; `false` (after saying why) when
/// python3 or its two libraries are not there.
fn validate_with_python(spec: &Path, name: &str) -> bool {
    let probe = Command::new("python3")
        .args([
            "-c",
            "import openapi_spec_validator, jsonschema, referencing",
        ])
        .output();
    match probe {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            eprintln!(
                "skipped: python3 lacks openapi-spec-validator or jsonschema (`.ci/run` installs them): {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
            return false;
        }
        Err(e) => {
            eprintln!("skipped: no python3 to run tests/openapi/validate.py: {e}");
            return false;
        }
    }
    let (text, _) = export(spec);
    let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&file, text).unwrap();
    let out = Command::new("python3")
        .arg(support::root().join("tests/openapi/validate.py"))
        .arg(&file)
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "validate.py failed:\n{report}");
    assert!(report.contains("all "), "{report}");
    true
}

#[test]
fn the_export_and_every_example_in_it_pass_an_independent_validator() {
    validate_with_python(&support::root().join("spec"), "openapi.json");
    validate_with_python(
        &support::root().join("tests/openapi/edge_cases.yaml"),
        "openapi-edge-cases.json",
    );
    validate_with_python(
        &support::root().join("tests/fixtures/operation_shapes.yaml"),
        "openapi-operation-shapes.json",
    );
    validate_with_python(
        &support::root().join("tests/fixtures/integer_enums_and_bounds.yaml"),
        "openapi-integer-enums-and-bounds.json",
    );
}

/// `tests/fixtures/operation_shapes.yaml`: the operation forms the real spec does not use yet.
fn shapes() -> Value {
    export(&support::root().join("tests/fixtures/operation_shapes.yaml")).1
}

#[test]
fn an_answer_without_a_body_has_no_content() {
    let doc = shapes();
    let delete = &doc["paths"]["/v1/{project_id}/widgets/{widget_id}"]["delete"];
    let answer = &delete["responses"]["204"];
    assert_eq!(answer["description"], "Success.");
    assert!(answer.get("content").is_none(), "{answer}");
    assert!(answer["headers"].is_object(), "{answer}");
}

#[test]
fn constants_are_required_members_with_their_one_value() {
    let doc = shapes();
    let body = |path: &str| {
        doc["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"].clone()
    };
    let stop = schema(&doc, "request-stop_widgets").clone();
    assert_eq!(stop["properties"]["type"]["const"], "HARD");
    assert_eq!(stop["required"], json!(["type", "os-stop"]));
    assert_eq!(stop["additionalProperties"], false);
    let tag = schema(&doc, "request-tag_widgets").clone();
    assert_eq!(
        tag["allOf"][0],
        json!({"$ref": "#/components/schemas/TagList"})
    );
    assert_eq!(tag["allOf"][1]["properties"]["action"]["const"], "create");
    assert_eq!(tag["allOf"][1]["required"], json!(["action"]));
    assert_eq!(
        body("/v1/{project_id}/widgets/action"),
        json!({"oneOf": [
            {"$ref": "#/components/schemas/request-start_widgets"},
            {"$ref": "#/components/schemas/request-stop_widgets"},
            {"$ref": "#/components/schemas/request-tag_widgets"},
        ]}),
        "the wrappers are closed, and `action` is in no wrapped body: no value fits two"
    );
    let lock = body("/v1/{project_id}/widgets/{widget_id}/action");
    assert_eq!(lock["required"], json!(["lock", "force", "level"]));
    assert_eq!(lock["properties"]["lock"]["const"], Value::Null);
    assert_eq!(lock["properties"]["level"]["const"], 2);
    assert_eq!(lock["additionalProperties"], false);
}

#[test]
fn query_parameters_carry_their_types_bounds_defaults_and_array_styles() {
    let doc = shapes();
    let parameters = &doc["paths"]["/v1/{project_id}/widgets"]["get"]["parameters"];
    let query: Vec<&Value> = parameters
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["in"] == "query")
        .collect();
    let names: Vec<&str> = query.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "limit",
            "name",
            "status",
            "tags",
            "id",
            "ratio",
            "not-deleted",
            "offset"
        ]
    );
    assert_eq!(
        query[0]["schema"],
        json!({"type": "integer", "minimum": 1, "maximum": 1000, "default": 25})
    );
    assert_eq!(query[0]["required"], false);
    assert_eq!(
        query[1]["schema"],
        json!({"type": "string", "minLength": 1, "maxLength": 64})
    );
    assert_eq!(
        query[2]["schema"],
        json!({"$ref": "#/components/schemas/WidgetState", "default": "ACTIVE"})
    );
    assert_eq!(
        (&query[3]["style"], &query[3]["explode"]),
        (&json!("form"), &json!(false))
    );
    assert_eq!(
        query[4]["schema"],
        json!({"type": "array", "items": {"type": "integer", "minimum": 1}})
    );
    assert_eq!(query[4]["explode"], true);
    assert_eq!(query[5]["schema"]["maximum"], 1.5);
    let find = &doc["paths"]["/v1/{project_id}/widgets/search"]["get"]["parameters"];
    assert!(
        find.as_array()
            .unwrap()
            .iter()
            .filter(|p| p["in"] == "query")
            .all(|p| p["required"] == true),
        "{find}"
    );
}

#[test]
fn bounds_and_defaults_are_exported_as_json_schema_keywords() {
    let (_, doc) = export(&support::root().join("tests/fixtures/integer_enums_and_bounds.yaml"));
    let fields = &schema(&doc, "PoolResize")["properties"];
    assert_eq!(fields["size"]["type"], "integer");
    assert_eq!(
        (&fields["size"]["minimum"], &fields["size"]["maximum"]),
        (&json!(1), &json!(500))
    );
    assert_eq!(fields["size"]["default"], json!(1));
    assert_eq!(fields["ratio"]["maximum"], json!(0.75));
    assert_eq!(fields["offset"]["type"], json!(["integer", "null"]));
    assert_eq!(fields["offset"]["minimum"], json!(-10));
    assert!(fields["offset"].get("maximum").is_none());
    assert_eq!(fields["priority"]["default"], json!(1));
    let state = schema(&doc, "PoolState");
    assert_eq!(state["anyOf"][0]["enum"], json!([-1, 0, 1]));
}

#[test]
fn paged_lists_say_how_they_page() {
    let doc = shapes();
    let widgets = &doc["paths"]["/v1/{project_id}/widgets"]["get"]["x-paging"];
    assert_eq!(
        widgets,
        &json!({"style": "offset", "limit": "limit", "offset": "offset", "first_offset": 1,
                "items": "widgets", "count_field": "count", "x-source": "Generator fixture, paging"})
    );
    let groups = &doc["paths"]["/v1/{project_id}/shelves/{shelf_id}/groups"]["get"]["x-paging"];
    assert_eq!(
        groups,
        &json!({"style": "marker", "limit": "limit", "marker": "marker", "marker_field": "id",
                "items": "groups", "x-source": "Generator fixture, paging"})
    );
}

#[test]
fn answer_headers_are_listed_beside_the_request_id() {
    let doc = shapes();
    let created = &doc["paths"]["/v1/{project_id}/widgets"]["post"]["responses"]["201"]["headers"];
    assert_eq!(created["Location"]["required"], true);
    assert_eq!(
        created["Location"]["description"],
        "Where the new widget is."
    );
    assert_eq!(created["X-Request-Id"]["required"], false);
    assert_eq!(created.as_object().unwrap().len(), 2, "{created}");
    let rotated =
        &doc["paths"]["/v1/{project_id}/widgets/{widget_id}/token"]["post"]["responses"]["204"];
    assert_eq!(rotated["headers"]["X-Widget-Token"]["x-secret"], true);
    assert!(rotated["headers"]["X-Request-Id"]["$ref"].is_string());
}

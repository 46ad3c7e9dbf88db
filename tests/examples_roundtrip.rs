//! Every example in the spec, and every upstream Nova sample, goes through its generated type
//! and comes back as an equal JSON value.

mod support;

use otc_ecs::types::{
    Job, OsReinstall, Rebuild, RebuildServerResponse, ReinstallOsResponse, ShowServerResponse,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn roundtrip<T: DeserializeOwned + Serialize>(value: &Value, what: &str) {
    let typed: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{what}: does not deserialize: {e}"));
    let back = serde_json::to_value(&typed).unwrap();
    assert_eq!(&back, value, "{what}: changed in the round trip");
}

/// Dispatches on the spec's schema name; a new schema with examples needs an arm here.
fn roundtrip_as(schema: &str, value: &Value, what: &str) {
    match schema {
        "OsReinstall" => roundtrip::<OsReinstall>(value, what),
        "ReinstallOsResponse" => roundtrip::<ReinstallOsResponse>(value, what),
        "Rebuild" => roundtrip::<Rebuild>(value, what),
        "RebuildServerResponse" => roundtrip::<RebuildServerResponse>(value, what),
        "Job" => roundtrip::<Job>(value, what),
        "ShowServerResponse" => roundtrip::<ShowServerResponse>(value, what),
        other => panic!("{what}: no round-trip arm for schema `{other}`; add one"),
    }
}

#[test]
fn every_spec_example_round_trips_through_its_type() {
    let mut diags = Default::default();
    let files = client_codegen::load::load(&support::root().join("spec"), &mut diags).unwrap();
    let mut seen = 0;
    for file in &files {
        for (id, op) in &file.spec.operations {
            for ex in &op.examples {
                let what = format!("{id} example `{}`", ex.name);
                if let (Some(body), Some(req)) = (&ex.request, &op.request) {
                    let body = serde_json::to_value(body).unwrap();
                    let inner = match &req.wrapper {
                        Some(w) => body
                            .get(w)
                            .unwrap_or_else(|| panic!("{what}: no `{w}` wrapper"))
                            .clone(),
                        None => body,
                    };
                    roundtrip_as(&req.schema, &inner, &what);
                    seen += 1;
                }
                if let Some(resp) = &ex.response {
                    roundtrip_as(
                        &op.response.schema,
                        &serde_json::to_value(&resp.body).unwrap(),
                        &what,
                    );
                    seen += 1;
                }
            }
        }
        for (name, schema) in &file.spec.schemas {
            for ex in &schema.examples {
                roundtrip_as(
                    name,
                    &serde_json::to_value(&ex.value).unwrap(),
                    &format!("{name} example `{}`", ex.name),
                );
                seen += 1;
            }
        }
    }
    assert!(
        seen >= 5,
        "the documents give 3 reinstall requests and a rebuild request and response; saw {seen}"
    );
}

fn samples() -> Option<Vec<(String, Value)>> {
    let Some(dir) = support::nova_samples() else {
        eprintln!("skipped: ../shared/conformance/nova-api-samples is absent");
        return None;
    };
    let mut out = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
                out.push((
                    path.strip_prefix(&dir).unwrap().display().to_string(),
                    value,
                ));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Some(out)
}

/// Nova's rebuild answers (`*-resp.json`), at least ten of them.
fn response_samples() -> Option<Vec<(String, Value)>> {
    let responses: Vec<_> = samples()?
        .into_iter()
        .filter(|(name, _)| name.ends_with("-resp.json"))
        .collect();
    assert!(responses.len() >= 10, "found {}", responses.len());
    Some(responses)
}

#[test]
fn every_nova_response_sample_round_trips_through_rebuild_server_response() {
    let Some(responses) = response_samples() else {
        return;
    };
    for (name, value) in &responses {
        roundtrip::<RebuildServerResponse>(value, name);
    }
}

/// The rebuild answers Nova gives for every microversion hold the same server object that the
/// show query returns, so they must read as `ShowServerResponse` too, with its status named.
#[test]
fn every_nova_response_sample_round_trips_through_show_server_response() {
    let Some(responses) = response_samples() else {
        return;
    };
    for (name, value) in &responses {
        roundtrip::<ShowServerResponse>(value, name);
        let typed: ShowServerResponse = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(
            Some(typed.server.status.as_str()),
            value["server"]["status"].as_str(),
            "{name}: status is a named field"
        );
    }
}

#[test]
fn every_nova_request_sample_round_trips_through_rebuild() {
    let Some(samples) = samples() else { return };
    let requests: Vec<_> = samples
        .iter()
        .filter(|(name, _)| !name.ends_with("-resp.json"))
        .collect();
    assert!(requests.len() >= 10, "found {}", requests.len());
    for (name, value) in requests {
        let inner = value
            .get("rebuild")
            .unwrap_or_else(|| panic!("{name}: no rebuild wrapper"));
        roundtrip::<Rebuild>(inner, name);
        let typed: Rebuild = serde_json::from_value(inner.clone()).unwrap();
        assert_eq!(
            Some(typed.image_ref.as_str()),
            inner["imageRef"].as_str(),
            "{name}: imageRef is a named field"
        );
    }
}

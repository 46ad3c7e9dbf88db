//! The documented error codes (spec/error_codes.yaml, emitted as `otc_ecs::documented` and the
//! `ErrorCodes` trait): an error the client gets over loopback tells its caller what its code
//! means, and the table agrees with the spec entry by entry.

use std::time::Duration;

use otc_ecs::{Auth, Client, Error, ErrorCodes, documented};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROJECT: &str = "7459f9935ed2422eb9800fea1d4d9378";

fn client(server: &MockServer) -> Client {
    Client::new(server.uri(), PROJECT, Auth::token("token")).expect("client")
}

#[tokio::test]
async fn an_error_answer_tells_its_caller_what_its_code_means() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/jobs/job-1")))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": {"code": "Ecs.0001", "message": "Insufficient quota."}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server).show_job("job-1").await.unwrap_err();
    assert!(matches!(err, Error::Service(_)), "{err:?}");
    let code = err.documented().expect("Ecs.0001 is documented");
    assert_eq!(code.code, "Ecs.0001");
    assert_eq!(code.status, Some(400));
    assert_eq!(code.meaning, "The project has used up its quota of ECSs.");
    // The same through the `ServiceError` the error holds.
    let Error::Service(service) = &err else {
        unreachable!()
    };
    assert_eq!(service.documented(), Some(code));
}

#[tokio::test]
async fn a_failed_job_tells_what_its_code_means_and_an_unknown_code_gives_none() {
    let server = MockServer::start().await;
    Mock::given(path(format!("/v1/{PROJECT}/jobs/bad")))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"status": "FAIL", "error_code": "Ecs.0011", "fail_reason": "weak"}),
        ))
        .mount(&server)
        .await;
    Mock::given(path(format!("/v1/{PROJECT}/jobs/odd")))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_json(json!({"error": {"code": "Ecs.9999", "message": "?"}})),
        )
        .mount(&server)
        .await;
    let c = client(&server);
    let poll = Duration::from_millis(20);
    let failed = c.wait_for_job("bad", poll, Duration::from_secs(5)).await;
    let err = failed.unwrap_err();
    assert!(matches!(err, Error::JobFailed { .. }), "{err:?}");
    let code = err.documented().expect("Ecs.0011 is documented");
    assert_eq!(code.status, Some(400));
    assert!(code.meaning.contains("password"), "{code:?}");

    let err = c.show_job("odd").await.unwrap_err();
    assert_eq!(err.service_code(), Some("Ecs.9999"));
    assert_eq!(err.documented(), None);
}

#[test]
fn codes_are_found_without_regard_to_case_and_a_success_status_is_none() {
    assert_eq!(documented("ECS.0005"), documented("Ecs.0005"));
    assert_eq!(documented("ecs.0005").map(|c| c.code), Some("Ecs.0005"));
    assert_eq!(documented("Common.0024").map(|c| c.status), Some(None));
    assert_eq!(documented("Ecs.0603").map(|c| c.status), Some(Some(501)));
    for absent in ["", "Ecs", "Ecs.0006", "Ecs.00050", "Zzz.0001"] {
        assert_eq!(documented(absent), None, "{absent:?}");
    }
}

#[test]
fn every_code_of_the_spec_is_found_with_its_status_and_meaning() {
    let mut diags = Default::default();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let files = client_codegen::load::load(&root, &mut diags).expect("the spec loads");
    let entries: Vec<_> = files.iter().flat_map(|f| &f.spec.error_codes).collect();
    assert_eq!(entries.len(), 155, "the page's table has 155 rows");
    for e in entries {
        let found = documented(&e.code).unwrap_or_else(|| panic!("{} not found", e.code));
        assert_eq!(found.code, e.code);
        assert_eq!(found.status, e.status, "{}", e.code);
        assert_eq!(found.meaning, e.meaning.trim(), "{}", e.code);
    }
}

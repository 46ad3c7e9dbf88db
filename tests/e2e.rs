//! The generated client against a real HTTP server on loopback (wiremock): exact requests,
//! every error kind, path escaping, validation before sending, retries and job following.

use std::time::Duration;

use otc_ecs::types::{CreateServersRequest, OsReinstall, Rebuild, ReinstallMode};
use otc_ecs::{Auth, Client, Error, Microversion, Nullable};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const PROJECT: &str = "7459f9935ed2422eb9800fea1d4d9378";
const TOKEN: &str = "MIIT-secret-token";

fn client(server: &MockServer) -> Client {
    Client::builder(server.uri(), PROJECT, Auth::token(TOKEN))
        .retry_base_delay(Duration::from_millis(10))
        .build()
        .expect("client")
}

fn reinstall_body() -> OsReinstall {
    OsReinstall {
        keyname: Some("KeyPair-350b".into()),
        userid: Some("7e25b1da389f4697a79df3a0e5bd494e".into()),
        ..Default::default()
    }
}

fn rebuild_body() -> Rebuild {
    Rebuild {
        image_ref: "3ed456f5-3d8f-4383-a6c9-312032afcd1a".into(),
        name: Some("rebuildName".into()),
        ..Default::default()
    }
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

#[tokio::test]
async fn reinstall_sends_the_documented_request_and_returns_the_job() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v2/{PROJECT}/cloudservers/srv-1/reinstallos")))
        .and(header("X-Auth-Token", TOKEN))
        .and(header("Content-Type", "application/json;charset=UTF-8"))
        .and(body_json(json!({"os-reinstall": {"keyname": "KeyPair-350b", "userid": "7e25b1da389f4697a79df3a0e5bd494e"}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"job_id": "70a599e0-31e7-49b7-b260-868f441e862b"})))
        .expect(1)
        .mount(&server)
        .await;
    let job = client(&server)
        .reinstall_os("srv-1", &reinstall_body())
        .await
        .unwrap();
    assert_eq!(job.job_id, "70a599e0-31e7-49b7-b260-868f441e862b");
    let requests = received(&server).await;
    let ua = requests[0]
        .headers
        .get("user-agent")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(ua.starts_with("otc-ecs/"), "{ua}");
    assert!(requests[0].headers.get("openstack-api-version").is_none());
}

#[tokio::test]
async fn rebuild_uses_v2_1_and_asks_for_2_54_only_when_key_name_is_sent() {
    let server = MockServer::start().await;
    let answer =
        json!({"server": {"id": "ea681a24", "status": "REBUILD", "image": "", "progress": 0}});
    Mock::given(method("POST"))
        .and(path(format!("/v2.1/{PROJECT}/servers/srv-1/action")))
        .respond_with(ResponseTemplate::new(202).set_body_json(answer.clone()))
        .mount(&server)
        .await;
    let c = client(&server);
    let plain = c.rebuild_server("srv-1", &rebuild_body()).await.unwrap();
    assert_eq!(plain.server.id, "ea681a24");
    let cleared = Rebuild {
        key_name: Nullable::Null,
        ..rebuild_body()
    };
    c.rebuild_server("srv-1", &cleared).await.unwrap();

    let requests = received(&server).await;
    let body0: serde_json::Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(
        body0,
        json!({"rebuild": {"imageRef": "3ed456f5-3d8f-4383-a6c9-312032afcd1a", "name": "rebuildName"}})
    );
    assert!(
        requests[0]
            .headers
            .get("x-openstack-nova-api-version")
            .is_none()
    );
    let body1: serde_json::Value = serde_json::from_slice(&requests[1].body).unwrap();
    assert_eq!(body1["rebuild"]["key_name"], json!(null));
    assert_eq!(
        requests[1]
            .headers
            .get("x-openstack-nova-api-version")
            .unwrap(),
        "2.54"
    );
    assert_eq!(
        requests[1].headers.get("openstack-api-version").unwrap(),
        "compute 2.54"
    );
}

#[tokio::test]
async fn a_configured_higher_microversion_wins_and_the_v2_path_is_reachable() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v2/{PROJECT}/servers/srv-1/action")))
        .and(header("X-OpenStack-Nova-API-Version", "2.57"))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"server": {"id": "x"}})))
        .expect(1)
        .mount(&server)
        .await;
    let c = Client::builder(server.uri(), PROJECT, Auth::token(TOKEN))
        .microversion(Microversion::new(2, 57))
        .path_variant("v2")
        .build()
        .unwrap();
    let body = Rebuild {
        key_name: Nullable::Value("kp".into()),
        ..rebuild_body()
    };
    c.rebuild_server("srv-1", &body).await.unwrap();
}

#[tokio::test]
async fn path_values_cannot_escape_their_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "RUNNING"})))
        .mount(&server)
        .await;
    let c = client(&server);
    for bad in ["", ".", ".."] {
        match c.show_job(bad).await {
            Err(Error::InvalidArgument { name, .. }) => assert_eq!(name, "job_id"),
            other => panic!("{bad:?}: {other:?}"),
        }
    }
    for tricky in ["a/b", "a?b", "%2e%2e", "a#b", "../x"] {
        c.show_job(tricky).await.unwrap();
    }
    let paths: Vec<String> = received(&server)
        .await
        .iter()
        .map(|r| r.url.path().to_string())
        .collect();
    let base = format!("/v1/{PROJECT}/jobs/");
    assert_eq!(
        paths,
        ["a%2Fb", "a%3Fb", "%252e%252e", "a%23b", "..%2Fx"].map(|s| format!("{base}{s}"))
    );
    assert!(
        received(&server)
            .await
            .iter()
            .all(|r| r.url.query().is_none())
    );
}

#[tokio::test]
async fn validation_stops_the_request_before_anything_is_sent() {
    let server = MockServer::start().await;
    let c = client(&server);
    let bad = OsReinstall {
        adminpass: Some("x".into()),
        keyname: Some("kp".into()),
        ..Default::default()
    };
    match c.reinstall_os("srv-1", &bad).await {
        Err(Error::Validation(v)) => {
            let text = v.to_string();
            assert!(
                text.contains("adminpass") && text.contains("userid"),
                "{text}"
            );
        }
        other => panic!("{other:?}"),
    }
    let long = Rebuild {
        name: Some("n".repeat(255)),
        ..rebuild_body()
    };
    assert!(matches!(
        c.rebuild_server("srv-1", &long).await,
        Err(Error::Validation(_))
    ));
    let unknown_mode = OsReinstall {
        mode: Some(ReinstallMode::Other("now".into())),
        ..reinstall_body()
    };
    assert!(matches!(
        c.reinstall_os("srv-1", &unknown_mode).await,
        Err(Error::Validation(_))
    ));
    assert!(
        received(&server).await.is_empty(),
        "nothing may leave the machine"
    );
}

#[tokio::test]
async fn a_number_above_its_documented_maximum_is_refused_before_sending() {
    let server = MockServer::start().await;
    let c = client(&server);
    // The page's smallest request, asking for one ECS more than its `count` allows.
    let mut body: CreateServersRequest = serde_json::from_value(json!({"server": {
        "name": "newserver",
        "imageRef": "imageid_123",
        "flavorRef": "m3.large.8",
        "vpcid": "0dae26c9-9a70-4392-93f3-87d53115d171",
        "nics": [{"subnet_id": "157ee789-03ea-45b1-a698-76c92660dd83"}],
        "root_volume": {"volumetype": "SSD"},
        "count": 101
    }}))
    .unwrap();
    match c.create_servers(&body).await {
        Err(Error::Validation(v)) => {
            let found: Vec<String> = v.violations().iter().map(ToString::to_string).collect();
            assert_eq!(found, ["server.count: must be at most 100"]);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        received(&server).await.is_empty(),
        "nothing may leave the machine"
    );
    // The bound itself is allowed.
    body.server.count = Some(100);
    assert_eq!(body.validate(), Ok(()));
}

#[tokio::test]
async fn service_errors_carry_status_code_message_and_request_id_in_both_dialects() {
    let server = MockServer::start().await;
    Mock::given(path(format!(
        "/v2/{PROJECT}/cloudservers/srv-1/reinstallos"
    )))
    .respond_with(
        ResponseTemplate::new(409)
            .insert_header("X-Request-Id", "req-123")
            .set_body_json(
                json!({"error": {"code": "Ecs.0100", "message": "The ECS must be stopped."}}),
            ),
    )
    .mount(&server)
    .await;
    Mock::given(path(format!("/v2.1/{PROJECT}/servers/srv-1/action")))
        .respond_with(
            ResponseTemplate::new(409)
                .insert_header("X-Openstack-Request-Id", "req-nova")
                .set_body_json(json!({"conflictingRequest": {"code": 409, "message": "Cannot rebuild while in ERROR"}})),
        )
        .mount(&server)
        .await;
    let c = client(&server);
    let e = c
        .reinstall_os("srv-1", &reinstall_body())
        .await
        .unwrap_err();
    assert_eq!(
        (e.status(), e.service_code(), e.request_id()),
        (Some(409), Some("Ecs.0100"), Some("req-123"))
    );
    let shown = e.to_string();
    assert!(
        shown.contains("409") && shown.contains("Ecs.0100") && shown.contains("must be stopped"),
        "{shown}"
    );

    let e = c
        .rebuild_server("srv-1", &rebuild_body())
        .await
        .unwrap_err();
    let Error::Service(s) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(s.kind.as_deref(), Some("conflictingRequest"));
    assert_eq!(s.code.as_deref(), Some("409"));
    assert_eq!(s.message.as_deref(), Some("Cannot rebuild while in ERROR"));
    assert_eq!(e.request_id(), Some("req-nova"));
    assert!(!format!("{e} {e:?}").contains(TOKEN));
}

#[tokio::test]
async fn html_and_broken_bodies_become_errors_with_an_excerpt() {
    let server = MockServer::start().await;
    Mock::given(path(format!("/v1/{PROJECT}/jobs/html")))
        .respond_with(
            ResponseTemplate::new(500).set_body_string("<html><body>Bad Gateway</body></html>"),
        )
        .mount(&server)
        .await;
    Mock::given(path(format!("/v1/{PROJECT}/jobs/broken")))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"status\": \"SUCC"))
        .mount(&server)
        .await;
    let c = client(&server);
    match c.show_job("html").await {
        Err(Error::Service(s)) => {
            assert_eq!(s.status, 500);
            assert!(s.body_excerpt.contains("Bad Gateway"), "{}", s.body_excerpt);
        }
        other => panic!("{other:?}"),
    }
    match c.show_job("broken").await {
        Err(Error::Decode {
            status, excerpt, ..
        }) => {
            assert_eq!(status, 200);
            assert!(excerpt.contains("SUCC"), "{excerpt}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_job_query_is_retried_on_503_honouring_retry_after_but_posts_are_not() {
    let server = MockServer::start().await;
    Mock::given(path(format!("/v1/{PROJECT}/jobs/j1")))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path(format!("/v1/{PROJECT}/jobs/j1")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"status": "SUCCESS", "job_id": "j1"})),
        )
        .mount(&server)
        .await;
    Mock::given(path(format!(
        "/v2/{PROJECT}/cloudservers/srv-1/reinstallos"
    )))
    .respond_with(ResponseTemplate::new(503))
    .mount(&server)
    .await;
    let c = client(&server);
    let started = std::time::Instant::now();
    let job = c.show_job("j1").await.unwrap();
    assert_eq!(job.status.as_str(), "SUCCESS");
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "Retry-After: 1 was honoured"
    );
    assert_eq!(
        c.reinstall_os("srv-1", &reinstall_body())
            .await
            .unwrap_err()
            .status(),
        Some(503)
    );
    let posts = received(&server)
        .await
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count();
    assert_eq!(posts, 1, "a POST is never retried");
}

#[tokio::test]
async fn retries_are_bounded() {
    let server = MockServer::start().await;
    Mock::given(path(format!("/v1/{PROJECT}/jobs/j1")))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let c = Client::builder(server.uri(), PROJECT, Auth::token(TOKEN))
        .max_retries(2)
        .retry_base_delay(Duration::from_millis(5))
        .build()
        .unwrap();
    assert_eq!(c.show_job("j1").await.unwrap_err().status(), Some(502));
    assert_eq!(received(&server).await.len(), 3, "one try and two retries");
}

#[tokio::test]
async fn wait_for_job_follows_the_job_to_success_failure_or_timeout() {
    let server = MockServer::start().await;
    Mock::given(path(format!("/v1/{PROJECT}/jobs/ok")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "RUNNING"})))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(path(format!("/v1/{PROJECT}/jobs/ok")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"status": "SUCCESS", "job_id": "ok"})),
        )
        .mount(&server)
        .await;
    Mock::given(path(format!("/v1/{PROJECT}/jobs/bad")))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"status": "FAIL", "error_code": "Ecs.0011", "fail_reason": "password too weak"}),
        ))
        .mount(&server)
        .await;
    Mock::given(path(format!("/v1/{PROJECT}/jobs/slow")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "INIT"})))
        .mount(&server)
        .await;
    let c = client(&server);
    let poll = Duration::from_millis(20);
    let done = c
        .wait_for_job("ok", poll, Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(done.job_id.as_deref(), Some("ok"));
    match c.wait_for_job("bad", poll, Duration::from_secs(5)).await {
        Err(Error::JobFailed {
            error_code,
            reason,
            status,
            ..
        }) => {
            assert_eq!(status, "FAIL");
            assert_eq!(error_code.as_deref(), Some("Ecs.0011"));
            assert_eq!(reason.as_deref(), Some("password too weak"));
        }
        other => panic!("{other:?}"),
    }
    match c
        .wait_for_job("slow", poll, Duration::from_millis(150))
        .await
    {
        Err(Error::WaitTimeout { last_status, .. }) => {
            assert_eq!(last_status.as_deref(), Some("INIT"))
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_request_that_takes_too_long_is_a_timeout_error() {
    let server = MockServer::start().await;
    Mock::given(path(format!(
        "/v2/{PROJECT}/cloudservers/srv-1/reinstallos"
    )))
    .respond_with(
        ResponseTemplate::new(200)
            .set_delay(Duration::from_secs(3))
            .set_body_json(json!({"job_id": "j"})),
    )
    .mount(&server)
    .await;
    let c = Client::builder(server.uri(), PROJECT, Auth::token(TOKEN))
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let e = c
        .reinstall_os("srv-1", &reinstall_body())
        .await
        .unwrap_err();
    assert!(e.is_timeout(), "{e:?}");
}

#[tokio::test]
async fn connection_failures_are_transport_errors() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c = Client::builder(
        format!("http://127.0.0.1:{port}"),
        PROJECT,
        Auth::token(TOKEN),
    )
    .max_retries(1)
    .retry_base_delay(Duration::from_millis(5))
    .build()
    .unwrap();
    let e = c.show_job("j1").await.unwrap_err();
    assert!(matches!(e, Error::Transport { .. }), "{e:?}");
    assert!(!format!("{e} {e:?}").contains(TOKEN));
}

#[test]
fn bad_client_arguments_are_errors_and_the_token_stays_hidden() {
    assert!(matches!(
        Client::new("ftp://x", PROJECT, Auth::token(TOKEN)),
        Err(Error::InvalidArgument { .. })
    ));
    assert!(matches!(
        Client::new(
            "https://ecs.eu-de.otc.t-systems.com?x=1",
            PROJECT,
            Auth::token(TOKEN)
        ),
        Err(Error::InvalidArgument { .. })
    ));
    assert!(matches!(
        Client::new(
            "https://ecs.eu-de.otc.t-systems.com",
            "a/b",
            Auth::token(TOKEN)
        ),
        Err(Error::InvalidArgument { .. })
    ));
    assert!(matches!(
        Client::new(
            "https://ecs.eu-de.otc.t-systems.com",
            PROJECT,
            Auth::token("bad\ntoken")
        ),
        Err(Error::InvalidArgument { .. })
    ));
    let c = Client::new(
        "https://ecs.eu-de.otc.t-systems.com/",
        PROJECT,
        Auth::token(TOKEN),
    )
    .unwrap();
    assert!(!format!("{c:?}").contains(TOKEN));
}

#[test]
fn operations_build_and_parse_http_messages_without_a_network() {
    use otc_ecs::Operation;
    use otc_ecs::operations::ShowJob;
    let c = Client::new(
        "https://ecs.eu-de.otc.t-systems.com",
        PROJECT,
        Auth::token(TOKEN),
    )
    .unwrap();
    let request = ShowJob { job_id: "j 1" }
        .to_request(&c.request_context())
        .unwrap();
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(
        request.uri().to_string(),
        format!("https://ecs.eu-de.otc.t-systems.com/v1/{PROJECT}/jobs/j%201")
    );
    assert_eq!(request.headers()["x-auth-token"], TOKEN);
    let response = http::Response::builder()
        .status(200)
        .body(br#"{"status":"RUNNING","job_id":"j 1"}"#.to_vec())
        .unwrap();
    assert_eq!(
        ShowJob::from_response(response).unwrap().status.as_str(),
        "RUNNING"
    );
}

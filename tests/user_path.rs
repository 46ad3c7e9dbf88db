//! The README's whole-path example, run against a local ECS on loopback: stop a server in a batch,
//! wait for the job, change its OS, wait, start it, wait, and list the servers by tag. Each call
//! must send exactly the documented request, and each job is followed until it succeeds.

use std::time::Duration;

use otc_ecs::types::{
    BatchStart, BatchStop, OsChange, PowerActionType, ServerRef, ServerTagFilter, TagFilter,
};
use otc_ecs::{Auth, Client, Error};
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROJECT: &str = "7459f9935ed2422eb9800fea1d4d9378";
const SERVER: &str = "616fb98f-46ca-475e-917e-2563e5a8cd19";
const IMAGE: &str = "67f433d8-ed0e-4321-a8a2-a71838539e09";

/// A job that is RUNNING on its first query and SUCCESS from then on.
async fn job(server: &MockServer, id: &str) {
    let route = format!("/v1/{PROJECT}/jobs/{id}");
    Mock::given(method("GET"))
        .and(path(route.clone()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"status": "RUNNING", "job_id": id})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"status": "SUCCESS", "job_id": id})),
        )
        .with_priority(2)
        .mount(server)
        .await;
}

/// A call that must arrive exactly once with `body` and answers the job `id`.
async fn starts_job(server: &MockServer, route: String, body: serde_json::Value, id: &str) {
    Mock::given(method("POST"))
        .and(path(route))
        .and(body_json(body))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"job_id": id})))
        .expect(1)
        .mount(server)
        .await;
    job(server, id).await;
}

/// The README's example, as a function of the client and the server's and image's IDs.
async fn maintenance(
    client: &Client,
    server_id: &str,
    image_id: &str,
) -> Result<Vec<String>, Error> {
    let (poll, patience) = (Duration::from_millis(5), Duration::from_secs(10));
    let servers = vec![ServerRef {
        id: server_id.to_string(),
        ..Default::default()
    }];

    let job = client
        .stop_servers(&BatchStop {
            servers: servers.clone(),
            r#type: Some(PowerActionType::Soft),
            ..Default::default()
        })
        .await?;
    client.wait_for_job(&job.job_id, poll, patience).await?;

    let job = client
        .change_os(
            server_id,
            &OsChange {
                imageid: image_id.to_string(),
                keyname: Some("my-key".into()),
                ..Default::default()
            },
        )
        .await?;
    client.wait_for_job(&job.job_id, poll, patience).await?;

    let job = client
        .start_servers(&BatchStart {
            servers,
            ..Default::default()
        })
        .await?;
    client.wait_for_job(&job.job_id, poll, patience).await?;

    let page = client
        .list_servers_by_tags(&ServerTagFilter {
            tags: Some(vec![TagFilter {
                key: "env".into(),
                values: Some(vec!["staging".into()]),
                ..Default::default()
            }]),
            ..Default::default()
        })
        .await?;
    Ok(page.resources.into_iter().map(|s| s.resource_id).collect())
}

#[tokio::test]
async fn stop_change_os_start_and_list_by_tag_send_the_documented_requests_in_order() {
    let server = MockServer::start().await;
    let action = format!("/v1/{PROJECT}/cloudservers/action");
    starts_job(
        &server,
        action.clone(),
        json!({"os-stop": {"type": "SOFT", "servers": [{"id": SERVER}]}}),
        "job-stop",
    )
    .await;
    starts_job(
        &server,
        format!("/v2/{PROJECT}/cloudservers/{SERVER}/changeos"),
        json!({"os-change": {"imageid": IMAGE, "keyname": "my-key"}}),
        "job-change",
    )
    .await;
    starts_job(
        &server,
        action,
        json!({"os-start": {"servers": [{"id": SERVER}]}}),
        "job-start",
    )
    .await;
    Mock::given(method("POST"))
        .and(path(format!(
            "/v1/{PROJECT}/servers/resource_instances/action"
        )))
        .and(body_json(
            json!({"action": "filter", "tags": [{"key": "env", "values": ["staging"]}]}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "resources": [{"resource_id": SERVER, "resource_name": "web-1", "resource_detail": null,
                           "tags": [{"key": "env", "value": "staging"}]}],
            "total_count": 1
        })))
        .expect(1)
        .mount(&server)
        .await;

    let client = Client::new(server.uri(), PROJECT, Auth::token("token")).unwrap();
    let listed = maintenance(&client, SERVER, IMAGE).await.unwrap();
    assert_eq!(listed, [SERVER]);

    // The calls came in the README's order, each job followed to SUCCESS before the next call.
    let order: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap_or_default();
            let what = body
                .as_object()
                .and_then(|o| o.keys().find(|k| k.as_str() != "tags").cloned())
                .unwrap_or_default();
            format!("{} {}", r.method, what)
        })
        .collect();
    let calls: Vec<&str> = order
        .iter()
        .map(String::as_str)
        .filter(|c| c.starts_with("POST"))
        .collect();
    assert_eq!(
        calls,
        [
            "POST os-stop",
            "POST os-change",
            "POST os-start",
            "POST action"
        ]
    );
    assert_eq!(order.len(), 4 + 3 * 2, "each job polled twice: {order:?}");
}

#[tokio::test]
async fn a_failed_stop_job_ends_the_path_before_the_os_is_touched() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/{PROJECT}/cloudservers/action")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"job_id": "job-stop"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/jobs/job-stop")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "FAIL", "job_id": "job-stop", "error_code": "Ecs.0100", "fail_reason": "state forbids it"
        })))
        .mount(&server)
        .await;
    let client = Client::new(server.uri(), PROJECT, Auth::token("token")).unwrap();
    let error = maintenance(&client, SERVER, IMAGE).await.unwrap_err();
    assert!(matches!(error, Error::JobFailed { .. }), "{error:?}");
    let posts = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count();
    assert_eq!(posts, 1, "nothing after the failed stop");
}

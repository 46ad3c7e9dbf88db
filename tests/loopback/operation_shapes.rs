//! The client generated from `tests/fixtures/operation_shapes.yaml` against a loopback server
//! (run by `tests/fixture_loopback.rs`, in the generated crate).

use loopback_operation_shapes::types::{Tag, TagList, Widget, WidgetRefs};
use loopback_operation_shapes::{Auth, Client, Error};
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROJECT: &str = "p-1";

fn client(server: &MockServer) -> Client {
    Client::builder(server.uri(), PROJECT, Auth::token("token"))
        .max_retries(0)
        .build()
        .expect("client")
}

#[tokio::test]
async fn an_answer_without_a_body_is_unit_and_any_body_it_carries_is_ignored() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/v1/{PROJECT}/widgets/w-1")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("/v1/{PROJECT}/widgets/w-2")))
        .respond_with(ResponseTemplate::new(204).set_body_string("not json {"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    client.delete_widget("w-1").await.unwrap();
    client.delete_widget("w-2").await.unwrap();
}

#[tokio::test]
async fn an_answer_without_a_body_still_fails_on_an_undocumented_status() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let error = client(&server).delete_widget("w-1").await.unwrap_err();
    assert!(matches!(&error, Error::Service(e) if e.status == 200), "{error:?}");
}

fn widgets() -> WidgetRefs {
    let widget = |id: &str| Widget {
        id: id.into(),
        ..Default::default()
    };
    WidgetRefs {
        widgets: vec![widget("w-1"), widget("w-2")],
        ..Default::default()
    }
}

/// Mounts an answer to exactly `body` on the widgets' action path, expected once.
async fn action(server: &MockServer, body: serde_json::Value, status: u16) {
    Mock::given(method("POST"))
        .and(path(format!("/v1/{PROJECT}/widgets/action")))
        .and(body_json(body))
        .respond_with(ResponseTemplate::new(status))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn actions_on_one_path_send_their_wrapper_and_their_constants_beside_it() {
    let server = MockServer::start().await;
    let refs = json!([{"id": "w-1"}, {"id": "w-2"}]);
    action(&server, json!({"os-start": {"widgets": refs}}), 202).await;
    action(&server, json!({"os-stop": {"widgets": refs}, "type": "HARD"}), 202).await;
    let client = client(&server);
    client.start_widgets(&widgets()).await.unwrap();
    client.stop_widgets(&widgets()).await.unwrap();
}

#[tokio::test]
async fn constants_stand_beside_the_fields_of_an_unwrapped_object() {
    let server = MockServer::start().await;
    let tags = json!({"action": "create", "tags": [{"key": "k", "value": "v"}]});
    action(&server, tags, 204).await;
    let body = TagList {
        tags: vec![Tag {
            key: "k".into(),
            value: Some("v".into()),
            ..Default::default()
        }],
        ..Default::default()
    };
    client(&server).tag_widgets(&body).await.unwrap();
}

#[tokio::test]
async fn a_body_of_constants_only_is_sent_with_their_json_types() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/{PROJECT}/widgets/w-1/action")))
        .and(body_json(json!({"lock": null, "force": true, "level": 2})))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;
    client(&server).lock_widget("w-1").await.unwrap();
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(
        String::from_utf8_lossy(&sent.body),
        r#"{"lock":null,"force":true,"level":2}"#
    );
}

//! The client generated from `tests/fixtures/operation_shapes.yaml` against a loopback server
//! (run by `tests/fixture_loopback.rs`, in the generated crate).

use loopback_operation_shapes::operations::{FindWidgetsQuery, ListWidgetsQuery, ShowWidgetQuery};
use loopback_operation_shapes::types::{Tag, TagList, Widget, WidgetRefs, WidgetState};
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

/// Mounts a page of widgets on `GET /v1/{PROJECT}/widgets{suffix}`.
async fn widget_list(server: &MockServer, suffix: &str) {
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/widgets{suffix}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"widgets": [], "count": 0})))
        .mount(server)
        .await;
}

/// The query string of every request the server received, in order.
async fn queries(server: &MockServer) -> Vec<Option<String>> {
    let received = server.received_requests().await.unwrap();
    received.iter().map(|r| r.url.query().map(str::to_owned)).collect()
}

#[tokio::test]
async fn every_set_query_parameter_is_sent_encoded_in_the_spec_order() {
    let server = MockServer::start().await;
    widget_list(&server, "").await;
    let query = ListWidgetsQuery {
        limit: Some(10),
        name: Some("a b&c=d/é".into()),
        status: Some(WidgetState::Deleted),
        tags: Some(vec!["x".into(), "y,z".into()]),
        ids: Some(vec![1, 2]),
        ratio: Some(serde_json::Number::from_f64(0.5).unwrap()),
        not_deleted: Some(false),
    };
    let page = client(&server).list_widgets(&query).await.unwrap();
    assert_eq!(page.count, Some(0));
    assert_eq!(
        queries(&server).await,
        [Some(
            "limit=10&name=a%20b%26c%3Dd%2F%C3%A9&status=DELETED&tags=x,y%2Cz&id=1&id=2&ratio=0.5&not-deleted=false"
                .to_owned()
        )]
    );
}

#[tokio::test]
async fn parameters_left_none_are_not_sent() {
    let server = MockServer::start().await;
    widget_list(&server, "").await;
    let client = client(&server);
    client.list_widgets(&ListWidgetsQuery::default()).await.unwrap();
    let only_limit = ListWidgetsQuery {
        limit: Some(1000),
        tags: Some(Vec::new()),
        ..Default::default()
    };
    client.list_widgets(&only_limit).await.unwrap();
    assert_eq!(queries(&server).await, [None, Some("limit=1000".to_owned())]);
}

#[tokio::test]
async fn a_value_out_of_its_bounds_is_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    widget_list(&server, "").await;
    let query = ListWidgetsQuery {
        limit: Some(1001),
        name: Some(String::new()),
        ids: Some(vec![3, 0]),
        ratio: Some(serde_json::Number::from_f64(1.75).unwrap()),
        ..Default::default()
    };
    let error = client(&server).list_widgets(&query).await.unwrap_err();
    let Error::Validation(error) = error else {
        panic!("not a validation error: {error:?}");
    };
    let paths: Vec<&str> = error.violations().iter().map(|v| v.path()).collect();
    assert_eq!(paths, ["limit", "name", "id[1]", "ratio"]);
    assert_eq!(error.violations()[0].message(), "must be from 1 to 1000");
    assert!(queries(&server).await.is_empty(), "nothing is sent");
}

#[tokio::test]
async fn required_parameters_are_always_sent() {
    let server = MockServer::start().await;
    widget_list(&server, "/search").await;
    let query = FindWidgetsQuery {
        q: String::new(),
        kinds: vec![WidgetState::Active, WidgetState::Other("NEW".into())],
    };
    client(&server).find_widgets(&query).await.unwrap();
    assert_eq!(
        queries(&server).await,
        [Some("q=&kind=ACTIVE&kind=NEW".to_owned())]
    );
}

#[tokio::test]
async fn a_waiter_polls_its_operation_with_no_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/widgets/w-1")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "w-1", "state": "ACTIVE"})))
        .mount(&server)
        .await;
    let client = client(&server);
    let fields = ShowWidgetQuery {
        fields: Some(vec!["id".into(), "state".into()]),
    };
    client.show_widget("w-1", &fields).await.unwrap();
    let second = std::time::Duration::from_secs(1);
    let widget = client.wait_for_widget("w-1", second, second).await.unwrap();
    assert_eq!(widget.state, Some(WidgetState::Active));
    assert_eq!(queries(&server).await, [Some("fields=id,state".to_owned()), None]);
}

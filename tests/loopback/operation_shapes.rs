//! The client generated from `tests/fixtures/operation_shapes.yaml` against a loopback server
//! (run by `tests/fixture_loopback.rs`, in the generated crate).

use futures_core::Stream;
use loopback_operation_shapes::operations::{
    FindWidgetsQuery, ListGroupsQuery, ListWidgetsQuery, ShowWidgetQuery,
};
use loopback_operation_shapes::types::{Tag, TagList, Widget, WidgetRefs, WidgetState};
use loopback_operation_shapes::{Auth, Client, Error};
use serde_json::json;
use wiremock::matchers::{body_json, method, path, query_param, query_param_is_missing};
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
        offset: None,
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

/// Every item of a stream, in order.
async fn collect<T>(stream: impl Stream<Item = T>) -> Vec<T> {
    let mut stream = std::pin::pin!(stream);
    let mut items = Vec::new();
    while let Some(item) = std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
        items.push(item);
    }
    items
}

/// Serves `ids` as the widgets of page `offset` (with `count` when given), expected `times`.
async fn widget_page(server: &MockServer, offset: &str, ids: &[&str], count: Option<u64>, times: u64) {
    let widgets: Vec<_> = ids.iter().map(|id| json!({"id": id})).collect();
    let mut body = json!({"widgets": widgets});
    if let Some(count) = count {
        body["count"] = count.into();
    }
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/widgets")))
        .and(query_param("offset", offset))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(times)
        .mount(server)
        .await;
}

fn ids(items: Vec<Result<Widget, Error>>) -> Vec<String> {
    items.into_iter().map(|w| w.unwrap().id).collect()
}

#[tokio::test]
async fn the_offset_stream_walks_three_pages_and_stops_after_one_that_is_not_full() {
    let server = MockServer::start().await;
    widget_page(&server, "1", &["a", "b"], None, 1).await;
    widget_page(&server, "2", &["c", "d"], None, 1).await;
    widget_page(&server, "3", &["e"], None, 1).await;
    widget_page(&server, "4", &["never"], None, 0).await;
    let query = ListWidgetsQuery {
        limit: Some(2),
        name: Some("w".into()),
        ..Default::default()
    };
    let items = collect(client(&server).list_widgets_stream(&query)).await;
    assert_eq!(ids(items), ["a", "b", "c", "d", "e"]);
    assert_eq!(
        queries(&server).await,
        [1, 2, 3].map(|page| Some(format!("limit=2&name=w&offset={page}")))
    );
}

#[tokio::test]
async fn the_offset_stream_stops_once_the_stated_total_is_reached_or_on_an_empty_page() {
    let server = MockServer::start().await;
    widget_page(&server, "1", &["a", "b"], Some(4), 1).await;
    widget_page(&server, "2", &["c", "d"], Some(4), 1).await;
    widget_page(&server, "3", &["never"], Some(4), 0).await;
    let query = ListWidgetsQuery {
        limit: Some(2),
        ..Default::default()
    };
    let items = collect(client(&server).list_widgets_stream(&query)).await;
    assert_eq!(ids(items), ["a", "b", "c", "d"]);

    let server = MockServer::start().await;
    widget_page(&server, "1", &["a", "b"], None, 1).await;
    widget_page(&server, "2", &[], None, 1).await;
    let items = collect(client(&server).list_widgets_stream(&query)).await;
    assert_eq!(ids(items), ["a", "b"]);
}

#[tokio::test]
async fn the_offset_stream_sends_the_default_limit_and_starts_at_the_first_page() {
    let server = MockServer::start().await;
    widget_page(&server, "1", &["a"], None, 1).await;
    let from_zero = ListWidgetsQuery {
        offset: Some(0),
        ..Default::default()
    };
    let items = collect(client(&server).list_widgets_stream(&from_zero)).await;
    assert_eq!(ids(items), ["a"]);
    assert_eq!(queries(&server).await, [Some("limit=25&offset=1".to_owned())]);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_the_items_before_it() {
    let server = MockServer::start().await;
    widget_page(&server, "1", &["a", "b"], None, 1).await;
    Mock::given(method("GET"))
        .and(query_param("offset", "2"))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            json!({"error": {"code": "Ecs.0114", "message": "gone"}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let query = ListWidgetsQuery {
        limit: Some(2),
        ..Default::default()
    };
    let mut items = collect(client(&server).list_widgets_stream(&query)).await;
    let error = items.pop().unwrap().unwrap_err();
    assert_eq!(error.status(), Some(404));
    assert_eq!(ids(items), ["a", "b"]);
}

/// Serves `ids` as the groups after `marker` (none: the first page), expected `times`.
async fn group_page(server: &MockServer, marker: Option<&str>, ids: &[&str], times: u64) {
    let groups: Vec<_> = ids.iter().map(|id| json!({"id": id})).collect();
    let mock = Mock::given(method("GET")).and(path(format!("/v1/{PROJECT}/shelves/s-1/groups")));
    let mock = match marker {
        Some(marker) => mock.and(query_param("marker", marker)),
        None => mock.and(query_param_is_missing("marker")),
    };
    mock.respond_with(ResponseTemplate::new(200).set_body_json(json!({"groups": groups})))
        .expect(times)
        .mount(server)
        .await;
}

#[tokio::test]
async fn the_marker_stream_walks_three_pages_each_after_the_last_item_of_the_one_before() {
    let server = MockServer::start().await;
    group_page(&server, None, &["g1", "g2"], 1).await;
    group_page(&server, Some("g2"), &["g3", "g4"], 1).await;
    group_page(&server, Some("g4"), &["g5"], 1).await;
    group_page(&server, Some("g5"), &["never"], 0).await;
    let query = ListGroupsQuery {
        limit: Some(2),
        ..Default::default()
    };
    let items = collect(client(&server).list_groups_stream("s-1", &query)).await;
    let ids: Vec<String> = items.into_iter().map(|g| g.unwrap().id).collect();
    assert_eq!(ids, ["g1", "g2", "g3", "g4", "g5"]);
    assert_eq!(
        queries(&server).await,
        [
            Some("limit=2".to_owned()),
            Some("limit=2&marker=g2".to_owned()),
            Some("limit=2&marker=g4".to_owned()),
        ]
    );
}

#[tokio::test]
async fn the_marker_stream_ends_when_the_service_ignores_the_marker() {
    let server = MockServer::start().await;
    // Every page is the first one: without the guard the walk would never end.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"groups": [{"id": "g1"}, {"id": "g2"}]})))
        .expect(2)
        .mount(&server)
        .await;
    let query = ListGroupsQuery {
        limit: Some(2),
        ..Default::default()
    };
    let items = collect(client(&server).list_groups_stream("s-1", &query)).await;
    assert_eq!(items.len(), 4);
}

#[tokio::test]
async fn answer_headers_come_beside_the_body_and_a_secret_one_is_redacted() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/{PROJECT}/widgets")))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("location", "https://example.com/widgets/w-9")
                .set_body_json(json!({"id": "w-9"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/{PROJECT}/widgets/w-9/token")))
        .respond_with(ResponseTemplate::new(204).insert_header("X-Widget-Token", "tok-secret"))
        .mount(&server)
        .await;
    let client = client(&server);
    let widget = Widget {
        id: "w-9".into(),
        ..Default::default()
    };
    let created = client.create_widget(&widget).await.unwrap();
    assert_eq!(created.body.id, "w-9");
    assert_eq!(created.headers.location, "https://example.com/widgets/w-9");
    assert_eq!(created.headers.x_request_id, None);
    let rotated = client.rotate_token("w-9").await.unwrap();
    assert_eq!(rotated.headers.token, "tok-secret");
    let shown = format!("{rotated:?}");
    assert!(!shown.contains("tok-secret"), "{shown}");
    assert!(shown.contains(r#"token: "<redacted>""#), "{shown}");
}

#[tokio::test]
async fn a_success_without_a_required_header_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let error = client(&server).rotate_token("w-9").await.unwrap_err();
    match error {
        Error::Decode { status, message, .. } => {
            assert_eq!(status, 204);
            assert_eq!(message, "the answer's header `X-Widget-Token` is missing");
        }
        other => panic!("not a decode error: {other:?}"),
    }
}

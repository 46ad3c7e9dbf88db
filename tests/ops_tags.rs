//! The tag operations (`spec/tags.yaml`) against a real HTTP server on loopback (wiremock): the
//! exact requests, the pages' example answers decoded into the typed outputs, and the documented
//! rules refused before anything is sent.

use std::time::Duration;

use otc_ecs::{Auth, Client};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const PROJECT: &str = "7459f9935ed2422eb9800fea1d4d9378";
const TOKEN: &str = "MIIT-secret-token";
const SERVER: &str = "cdfs_cefs_wesas_12_dsad";

fn client(server: &MockServer) -> Client {
    Client::builder(server.uri(), PROJECT, Auth::token(TOKEN))
        .retry_base_delay(Duration::from_millis(10))
        .build()
        .expect("client")
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

#[tokio::test]
async fn list_server_tags_gets_the_servers_tags_and_decodes_the_pages_example() {
    let server = MockServer::start().await;
    // Querying Tags of an ECS, Example Response.
    let answer =
        json!({"tags": [{"key": "key1", "value": "value1"}, {"key": "key2", "value": "value3"}]});
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/cloudservers/{SERVER}/tags")))
        .and(header("X-Auth-Token", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(&server)
        .await;
    let tags = client(&server).list_server_tags(SERVER).await.unwrap();
    let pairs: Vec<(&str, Option<&str>)> = tags
        .tags
        .iter()
        .map(|t| (t.key.as_str(), t.value.as_deref()))
        .collect();
    assert_eq!(pairs, [("key1", Some("value1")), ("key2", Some("value3"))]);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.query(), None);
    assert!(requests[0].body.is_empty(), "a GET without a body");
}

#[tokio::test]
async fn list_project_tags_gets_the_projects_tags_and_decodes_the_pages_example() {
    let server = MockServer::start().await;
    // Listing Project Tags, Example Response.
    let answer = json!({"tags": [
        {"key": "key1", "values": ["value1", "value2"]},
        {"key": "key2", "values": ["value1", "value2"]}
    ]});
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/cloudservers/tags")))
        .and(header("X-Auth-Token", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(&server)
        .await;
    let tags = client(&server).list_project_tags().await.unwrap();
    assert_eq!(tags.tags.len(), 2);
    assert_eq!(tags.tags[1].key, "key2");
    assert_eq!(
        tags.tags[1].values.as_deref(),
        Some(&["value1".to_string(), "value2".to_string()][..])
    );
    let requests = received(&server).await;
    assert_eq!(requests[0].url.query(), None);
    assert!(requests[0].body.is_empty(), "a GET without a body");
}

#[tokio::test]
async fn a_server_tag_answer_without_a_key_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/cloudservers/{SERVER}/tags")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"tags": [{"value": "v"}]})))
        .mount(&server)
        .await;
    let err = client(&server).list_server_tags(SERVER).await.unwrap_err();
    assert!(matches!(err, otc_ecs::Error::Decode { .. }), "{err:?}");
    assert!(err.to_string().contains("key"), "{err}");
}

//! The tag operations (`spec/tags.yaml`) against a real HTTP server on loopback (wiremock): the
//! exact requests, the pages' example answers decoded into the typed outputs, and the documented
//! rules refused before anything is sent.

mod ops_support;
mod support;

use ops_support::{PROJECT, TOKEN, client, received};
use otc_ecs::types::{
    ServerTag, ServerTagCountFilter, ServerTagFilter, ServerTagList, TagFilter, TagMatch,
    TagMatchKey,
};
use otc_ecs::{Error, Nullable};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SERVER: &str = "cdfs_cefs_wesas_12_dsad";

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
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert!(err.to_string().contains("key"), "{err}");
}

fn tag(key: &str, value: Option<&str>) -> ServerTag {
    ServerTag {
        key: key.into(),
        value: value.map(Into::into),
        ..Default::default()
    }
}

/// The tags of both batch pages' example requests.
fn example_tags() -> ServerTagList {
    ServerTagList {
        tags: vec![tag("key1", Some("value1")), tag("key2", Some("value3"))],
        ..Default::default()
    }
}

/// Mounts the tags action of `SERVER` answering `status` (with `body`, if any) to exactly
/// `body_sent`.
async fn tags_action(server: &MockServer, body_sent: serde_json::Value, answer: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(format!(
            "/v1/{PROJECT}/cloudservers/{SERVER}/tags/action"
        )))
        .and(header("X-Auth-Token", TOKEN))
        .and(header("Content-Type", "application/json"))
        .and(body_json(body_sent))
        .respond_with(answer)
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn create_server_tags_sends_the_create_action_beside_the_tags() {
    let server = MockServer::start().await;
    // Adding Tags to an ECS in a Batch, Example Request.
    let page = json!({
        "action": "create",
        "tags": [{"key": "key1", "value": "value1"}, {"key": "key2", "value": "value3"}]
    });
    tags_action(&server, page, ResponseTemplate::new(204)).await;
    client(&server)
        .create_server_tags(SERVER, &example_tags())
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_server_tags_sends_the_delete_action_and_ignores_a_body_on_200() {
    let server = MockServer::start().await;
    // Deleting Tags from an ECS in a Batch, Example Request.
    let page = json!({
        "action": "delete",
        "tags": [{"key": "key1", "value": "value1"}, {"key": "key2", "value": "value3"}]
    });
    let answer = ResponseTemplate::new(200).set_body_string("not json at all");
    tags_action(&server, page, answer).await;
    client(&server)
        .delete_server_tags(SERVER, &example_tags())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_tag_without_a_value_is_sent_without_one() {
    let server = MockServer::start().await;
    let body = json!({"action": "delete", "tags": [{"key": "key1"}]});
    tags_action(&server, body, ResponseTemplate::new(204)).await;
    let one = ServerTagList {
        tags: vec![tag("key1", None)],
        ..Default::default()
    };
    client(&server)
        .delete_server_tags(SERVER, &one)
        .await
        .unwrap();
}

/// Tags that break a documented length, with the wire name of the field at fault: the key may
/// not be empty nor longer than 36 characters, the value not longer than 43.
fn bad_tags() -> [(ServerTag, &'static str); 3] {
    [
        (tag("", Some("v")), "key"),
        (tag(&"k".repeat(37), None), "key"),
        (tag("k", Some(&"v".repeat(44))), "value"),
    ]
}

#[test]
fn a_server_tag_outside_the_documented_lengths_fails_validation_naming_the_field() {
    for (bad, field) in bad_tags() {
        let v = bad.validate().expect_err(field);
        let paths: Vec<&str> = v.violations().iter().map(|x| x.path()).collect();
        assert_eq!(paths, [field], "{v}");
    }
    // The longest documented key and value pass, as does a tag without a value.
    assert!(
        tag(&"k".repeat(36), Some(&"v".repeat(43)))
            .validate()
            .is_ok()
    );
    assert!(tag("k", None).validate().is_ok());
}

#[tokio::test]
async fn the_client_refuses_tags_outside_the_documented_lengths_before_sending() {
    let server = MockServer::start().await;
    let c = client(&server);
    for (bad, field) in bad_tags() {
        let body = ServerTagList {
            tags: vec![bad],
            ..Default::default()
        };
        for result in [
            c.create_server_tags(SERVER, &body).await,
            c.delete_server_tags(SERVER, &body).await,
        ] {
            match result {
                Err(Error::Validation(v)) => {
                    let paths: Vec<&str> = v.violations().iter().map(|x| x.path()).collect();
                    assert_eq!(paths, [format!("tags[0].{field}")], "{v}");
                }
                other => panic!("{field}: {other:?}"),
            }
        }
    }
    // Eleven tags are more than an ECS can hold.
    let eleven = ServerTagList {
        tags: (0..11).map(|i| tag(&format!("k{i}"), None)).collect(),
        ..Default::default()
    };
    match c.create_server_tags(SERVER, &eleven).await {
        Err(Error::Validation(v)) => {
            let paths: Vec<&str> = v.violations().iter().map(|x| x.path()).collect();
            assert_eq!(paths, ["tags"], "{v}");
        }
        other => panic!("eleven tags: {other:?}"),
    }
    let ten = ServerTagList {
        tags: (0..10).map(|i| tag(&format!("k{i}"), None)).collect(),
        ..Default::default()
    };
    assert!(ten.validate().is_ok());
    assert!(
        received(&server).await.is_empty(),
        "nothing may leave the machine"
    );
}

fn tag_filter(key: &str, values: &[&str]) -> TagFilter {
    TagFilter {
        key: key.into(),
        values: Some(values.iter().map(|v| v.to_string()).collect()),
        ..Default::default()
    }
}

fn name_match(name: &str) -> TagMatch {
    TagMatch {
        value: name.into(),
        ..TagMatch::new(TagMatchKey::ResourceName)
    }
}

/// Mounts the search by tag answering `answer` to exactly `body_sent`.
async fn by_tags(server: &MockServer, body_sent: serde_json::Value, answer: serde_json::Value) {
    Mock::given(method("POST"))
        .and(path(format!(
            "/v1/{PROJECT}/servers/resource_instances/action"
        )))
        .and(header("X-Auth-Token", TOKEN))
        .and(header("Content-Type", "application/json"))
        .and(body_json(body_sent))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn list_servers_by_tags_sends_the_filter_action_with_paging_in_the_body() {
    let server = MockServer::start().await;
    // Querying ECSs by Tag, Example Request and Example Response 1.
    let page_request = json!({
        "offset": "100",
        "limit": "100",
        "action": "filter",
        "matches": [{"key": "resource_name", "value": "ecs_test"}],
        "tags": [{"key": "key1", "values": ["value1", "value2"]}]
    });
    let page_answer = json!({
        "resources": [{
            "resource_detail": null,
            "resource_id": "cdfs_cefs_wesas_12_dsad",
            "resource_name": "ecs_test",
            "tags": [{"key": "key1", "value": "value1"}]
        }],
        "total_count": 1000
    });
    by_tags(&server, page_request, page_answer).await;
    let filter = ServerTagFilter {
        tags: Some(vec![tag_filter("key1", &["value1", "value2"])]),
        limit: Some("100".into()),
        offset: Some("100".into()),
        matches: Some(vec![name_match("ecs_test")]),
        ..Default::default()
    };
    let page = client(&server).list_servers_by_tags(&filter).await.unwrap();
    assert_eq!(page.total_count, 1000);
    assert_eq!(page.resources.len(), 1);
    let found = &page.resources[0];
    assert_eq!(found.resource_id, "cdfs_cefs_wesas_12_dsad");
    assert_eq!(found.resource_name.as_deref(), Some("ecs_test"));
    assert_eq!(found.resource_detail, Nullable::Null);
    let tags = found.tags.as_deref().unwrap();
    assert_eq!(
        (tags[0].key.as_str(), tags[0].value.as_deref()),
        ("key1", Some("value1"))
    );
    let requests = received(&server).await;
    assert_eq!(requests[0].url.query(), None, "paging is in the body");
}

#[tokio::test]
async fn count_servers_by_tags_sends_the_count_action_and_reads_a_bare_total() {
    let server = MockServer::start().await;
    // The count takes no limit or offset; Example Response 2 is its answer.
    let body = json!({
        "action": "count",
        "not_tags": [{"key": "key2", "values": ["value3"]}]
    });
    by_tags(&server, body, json!({"total_count": 1000})).await;
    let filter = ServerTagCountFilter {
        not_tags: Some(vec![tag_filter("key2", &["value3"])]),
        ..Default::default()
    };
    let count = client(&server)
        .count_servers_by_tags(&filter)
        .await
        .unwrap();
    assert_eq!(count.total_count, 1000);
}

#[tokio::test]
async fn an_empty_filter_sends_only_the_action() {
    let server = MockServer::start().await;
    by_tags(
        &server,
        json!({"action": "filter"}),
        json!({"resources": [], "total_count": 0}),
    )
    .await;
    let page = client(&server)
        .list_servers_by_tags(&ServerTagFilter::default())
        .await
        .unwrap();
    assert!(page.resources.is_empty());
    assert_eq!(page.total_count, 0);
}

#[test]
fn tag_filters_and_matches_outside_the_documented_lengths_fail_validation() {
    let long_key = TagFilter {
        key: "k".repeat(128),
        ..Default::default()
    };
    let empty_key = TagFilter::default();
    for bad in [long_key, empty_key] {
        let v = bad.validate().expect_err("a key of 1 to 127 characters");
        assert_eq!(v.violations()[0].path(), "key", "{v}");
    }
    assert!(
        TagFilter {
            key: "k".repeat(127),
            ..Default::default()
        }
        .validate()
        .is_ok()
    );
    let long_name = name_match(&"n".repeat(256));
    let v = long_name
        .validate()
        .expect_err("a value of 1 to 255 characters");
    assert_eq!(v.violations()[0].path(), "value", "{v}");
    assert!(name_match(&"n".repeat(255)).validate().is_ok());
    // The key is an enum now (`resource_name` is the only one): only the value can be empty.
    let empty = TagMatch::new(TagMatchKey::ResourceName);
    let v = empty.validate().expect_err("the value may not be empty");
    let paths: Vec<&str> = v.violations().iter().map(|x| x.path()).collect();
    assert_eq!(paths, ["value"], "{v}");
}

#[tokio::test]
async fn the_client_refuses_filters_outside_the_documented_lengths_before_sending() {
    let server = MockServer::start().await;
    let c = client(&server);
    let filter = ServerTagFilter {
        tags: Some(vec![tag_filter(&"k".repeat(128), &["v"])]),
        matches: Some(vec![name_match(&"n".repeat(256))]),
        ..Default::default()
    };
    match c.list_servers_by_tags(&filter).await {
        Err(Error::Validation(v)) => {
            let paths: Vec<&str> = v.violations().iter().map(|x| x.path()).collect();
            assert_eq!(paths, ["tags[0].key", "matches[0].value"], "{v}");
        }
        other => panic!("{other:?}"),
    }
    let count = ServerTagCountFilter {
        not_tags: Some(vec![tag_filter("", &[])]),
        ..Default::default()
    };
    match c.count_servers_by_tags(&count).await {
        Err(Error::Validation(v)) => {
            let paths: Vec<&str> = v.violations().iter().map(|x| x.path()).collect();
            assert_eq!(paths, ["not_tags[0].key"], "{v}");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        received(&server).await.is_empty(),
        "nothing may leave the machine"
    );
}

#[test]
fn an_empty_list_of_tag_filters_is_refused_but_a_left_out_one_is_not() {
    let empty = ServerTagFilter {
        tags: Some(vec![]),
        not_tags: Some(vec![]),
        ..Default::default()
    };
    let v = empty.validate().expect_err("an empty filter list");
    let paths: Vec<&str> = v.violations().iter().map(|x| x.path()).collect();
    assert_eq!(paths, ["tags", "not_tags"], "{v}");
    assert!(ServerTagFilter::default().validate().is_ok());
    let count = ServerTagCountFilter {
        tags: Some(vec![]),
        ..Default::default()
    };
    let v = count.validate().expect_err("an empty filter list");
    assert_eq!(v.violations()[0].path(), "tags", "{v}");
}

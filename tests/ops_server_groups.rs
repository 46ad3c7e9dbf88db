//! The ECS group operations against a loopback server (wiremock): the exact request of each, the
//! page's example answer decoded into the typed output (or, for the calls without an answer body,
//! any body ignored), and the documented rules refused before anything is sent.

mod ops_support;
mod support;

use futures_util::StreamExt;
use ops_support::{PROJECT, TOKEN, client, queries, received};
use otc_ecs::operations::ListServerGroupsQuery;
use otc_ecs::types::{NewServerGroup, ServerGroupMember, ServerGroupPolicy};
use otc_ecs::{Client, Error};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const GROUP: &str = "5bbcc3c4-1da2-4437-a48a-66f15b1b13f9";

/// The answer of "Creating an ECS Group" and "Querying Details About an ECS Group", Example
/// Response.
fn group_answer() -> serde_json::Value {
    json!({
        "server_group": {
            "id": GROUP,
            "name": "test",
            "policies": ["anti-affinity"],
            "members": [],
            "metadata": {}
        }
    })
}

fn new_group(name: &str) -> NewServerGroup {
    NewServerGroup {
        name: name.into(),
        policies: vec![ServerGroupPolicy::AntiAffinity],
        ..Default::default()
    }
}

#[tokio::test]
async fn create_server_group_posts_the_wrapped_group_and_decodes_the_new_group() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/{PROJECT}/cloudservers/os-server-groups")))
        .and(header("X-Auth-Token", TOKEN))
        .and(header("Content-Type", "application/json"))
        .and(body_json(
            json!({"server_group": {"name": "test", "policies": ["anti-affinity"]}}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(group_answer()))
        .expect(1)
        .mount(&server)
        .await;
    let created = client(&server)
        .create_server_group(&new_group("test"))
        .await
        .unwrap();
    let group = &created.server_group;
    assert_eq!(group.id, GROUP);
    assert_eq!(group.name, "test");
    assert_eq!(group.policies, [ServerGroupPolicy::AntiAffinity]);
    assert!(group.members.is_empty());
    assert_eq!(group.metadata.as_ref().map(|m| m.len()), Some(0));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.query(), None);
}

#[tokio::test]
async fn create_server_group_refuses_a_name_outside_1_to_255_characters_and_sends_nothing() {
    let server = MockServer::start().await;
    let c = client(&server);
    for bad in [String::new(), "g".repeat(256), "é".repeat(256)] {
        match c.create_server_group(&new_group(&bad)).await {
            Err(Error::Validation(v)) => {
                let text = v.to_string();
                assert!(text.contains("name"), "{text}");
                assert!(text.contains("1 to 255"), "{text}");
            }
            other => panic!("{} characters: {other:?}", bad.chars().count()),
        }
    }
    assert!(
        received(&server).await.is_empty(),
        "nothing may leave the machine"
    );
    // 255 characters are allowed however many bytes they take (here 510).
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(group_answer()))
        .expect(1)
        .mount(&server)
        .await;
    c.create_server_group(&new_group(&"é".repeat(255)))
        .await
        .unwrap();
}

#[tokio::test]
async fn show_server_group_gets_the_group_by_id_and_decodes_it() {
    let server = MockServer::start().await;
    let mut answer = group_answer();
    answer["server_group"]["members"] = json!(["34dac9a0-c4a7-457b-bab2-e2c696e0e401"]);
    Mock::given(method("GET"))
        .and(path(format!(
            "/v1/{PROJECT}/cloudservers/os-server-groups/{GROUP}"
        )))
        .and(header("X-Auth-Token", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(&server)
        .await;
    let shown = client(&server).show_server_group(GROUP).await.unwrap();
    assert_eq!(shown.server_group.id, GROUP);
    assert_eq!(
        shown.server_group.members,
        ["34dac9a0-c4a7-457b-bab2-e2c696e0e401"]
    );
    let requests = received(&server).await;
    assert!(requests[0].body.is_empty(), "a GET without a body");
}

#[tokio::test]
async fn show_server_group_escapes_the_group_id_in_the_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/v1/{PROJECT}/cloudservers/os-server-groups/a%2Fb%3Fc"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(group_answer()))
        .expect(1)
        .mount(&server)
        .await;
    client(&server).show_server_group("a/b?c").await.unwrap();
}

#[tokio::test]
async fn a_missing_group_is_the_services_ecs_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            json!({"error": {"code": "Ecs.0114", "message": "server group not found"}}),
        ))
        .mount(&server)
        .await;
    match client(&server).show_server_group(GROUP).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.status, 404);
            assert_eq!(e.code.as_deref(), Some("Ecs.0114"));
        }
        other => panic!("{other:?}"),
    }
}

const ECS: &str = "34dac9a0-c4a7-457b-bab2-e2c696e0e401";

fn member() -> ServerGroupMember {
    ServerGroupMember {
        instance_uuid: ECS.into(),
        ..Default::default()
    }
}

fn action_path() -> String {
    format!("/v1/{PROJECT}/cloudservers/os-server-groups/{GROUP}/action")
}

#[tokio::test]
async fn adding_and_removing_a_member_post_to_one_path_told_apart_by_the_wrapper_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(action_path()))
        .and(header("X-Auth-Token", TOKEN))
        .and(header("Content-Type", "application/json"))
        .and(body_json(json!({"add_member": {"instance_uuid": ECS}})))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(action_path()))
        .and(body_json(json!({"remove_member": {"instance_uuid": ECS}})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    // Both return `()`: the answer has no body to decode. Each mock expects exactly its call.
    let (): () = c.add_server_group_member(GROUP, &member()).await.unwrap();
    let (): () = c
        .remove_server_group_member(GROUP, &member())
        .await
        .unwrap();
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_member_call_ignores_whatever_body_the_answer_carries() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(action_path()))
        .respond_with(ResponseTemplate::new(200).set_body_string("not json"))
        .expect(2)
        .mount(&server)
        .await;
    let c = client(&server);
    c.add_server_group_member(GROUP, &member()).await.unwrap();
    c.remove_server_group_member(GROUP, &member())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_member_that_is_not_a_uuid_is_refused_before_sending() {
    let server = MockServer::start().await;
    let c = client(&server);
    let bad = ServerGroupMember {
        instance_uuid: "my-ecs".into(),
        ..Default::default()
    };
    for result in [
        c.add_server_group_member(GROUP, &bad).await,
        c.remove_server_group_member(GROUP, &bad).await,
    ] {
        match result {
            Err(Error::Validation(v)) => {
                assert!(v.to_string().contains("instance_uuid"), "{v}")
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(
        received(&server).await.is_empty(),
        "nothing may leave the machine"
    );
}

#[tokio::test]
async fn delete_server_group_sends_a_bodiless_delete_and_takes_200_or_204() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!(
            "/v1/{PROJECT}/cloudservers/os-server-groups/{GROUP}"
        )))
        .and(header("X-Auth-Token", TOKEN))
        .respond_with(ResponseTemplate::new(204))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    c.delete_server_group(GROUP).await.unwrap();
    c.delete_server_group(GROUP).await.unwrap();
    let requests = received(&server).await;
    assert!(requests.iter().all(|r| r.body.is_empty()), "no body sent");
    assert!(requests[0].headers.get("content-type").is_none());
}

#[tokio::test]
async fn a_refused_delete_is_the_services_ecs_error() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(409)
                .set_body_json(json!({"error": {"code": "Ecs.0005", "message": "refused"}})),
        )
        .mount(&server)
        .await;
    match client(&server).delete_server_group(GROUP).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.status, 409);
            assert_eq!(e.code.as_deref(), Some("Ecs.0005"));
        }
        other => panic!("{other:?}"),
    }
}

/// "Listing ECS Groups", Example Response.
fn list_answer() -> serde_json::Value {
    json!({
        "server_groups": [
            {
                "members": [],
                "metadata": {},
                "id": "318b44a7-f7a6-4c0b-8107-e8bd618b28dd",
                "policies": ["anti-affinity"],
                "name": "SvrGrp-b9d6"
            },
            {
                "members": [],
                "metadata": {},
                "id": "b8f4cfc4-9a59-498c-9b52-643ee6515cd0",
                "policies": ["anti-affinity"],
                "name": "SvrGrp-10a1"
            }
        ]
    })
}

fn list_path() -> String {
    format!("/v1/{PROJECT}/cloudservers/os-server-groups")
}

#[tokio::test]
async fn list_server_groups_without_a_query_sends_none_and_decodes_every_group() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(list_path()))
        .and(header("X-Auth-Token", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(list_answer()))
        .expect(1)
        .mount(&server)
        .await;
    let list = client(&server)
        .list_server_groups(&ListServerGroupsQuery::default())
        .await
        .unwrap();
    let names: Vec<&str> = list.server_groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["SvrGrp-b9d6", "SvrGrp-10a1"]);
    assert_eq!(
        list.server_groups[1].id,
        "b8f4cfc4-9a59-498c-9b52-643ee6515cd0"
    );
    assert!(list.page_info.is_none(), "the example is not paged");
    let requests = received(&server).await;
    assert_eq!(requests[0].url.query(), None);
    assert!(requests[0].body.is_empty());
}

#[tokio::test]
async fn list_server_groups_sends_limit_and_an_encoded_marker_and_reads_the_next_marker() {
    let server = MockServer::start().await;
    let mut answer = list_answer();
    answer["page_info"] = json!({"next_marker": "b8f4cfc4-9a59-498c-9b52-643ee6515cd0"});
    Mock::given(method("GET"))
        .and(path(list_path()))
        .and(query_param("limit", "2"))
        .and(query_param("marker", "a b&c"))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(&server)
        .await;
    let query = ListServerGroupsQuery {
        limit: Some(2),
        marker: Some("a b&c".into()),
    };
    let list = client(&server).list_server_groups(&query).await.unwrap();
    let next = list.page_info.and_then(|p| p.next_marker);
    assert_eq!(
        next.as_deref(),
        Some("b8f4cfc4-9a59-498c-9b52-643ee6515cd0")
    );
    let requests = received(&server).await;
    assert_eq!(requests[0].url.query(), Some("limit=2&marker=a%20b%26c"));
}

#[tokio::test]
async fn list_server_groups_refuses_a_limit_over_1000_and_sends_nothing() {
    let server = MockServer::start().await;
    let c = client(&server);
    let query = ListServerGroupsQuery {
        limit: Some(1001),
        ..Default::default()
    };
    match c.list_server_groups(&query).await {
        Err(Error::Validation(v)) => {
            let text = v.to_string();
            assert!(text.contains("limit") && text.contains("1000"), "{text}");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        received(&server).await.is_empty(),
        "nothing may leave the machine"
    );
    Mock::given(method("GET"))
        .and(query_param("limit", "1000"))
        .respond_with(ResponseTemplate::new(200).set_body_json(list_answer()))
        .expect(1)
        .mount(&server)
        .await;
    let most = ListServerGroupsQuery {
        limit: Some(1000),
        ..Default::default()
    };
    c.list_server_groups(&most).await.unwrap();
}

/// A list answer holding groups named after `ids` (also their IDs).
fn page_of(ids: &[&str]) -> serde_json::Value {
    let groups: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| json!({"id": id, "name": id, "policies": ["anti-affinity"], "members": []}))
        .collect();
    json!({ "server_groups": groups })
}

async fn collect_stream(c: &Client, query: &ListServerGroupsQuery) -> Vec<Result<String, Error>> {
    let stream = c.list_server_groups_stream(query);
    let mut stream = std::pin::pin!(stream);
    let mut out = Vec::new();
    while let Some(item) = stream.next().await {
        out.push(item.map(|g| g.id));
    }
    out
}

#[tokio::test]
async fn the_stream_follows_the_last_id_of_each_page_and_ends_on_a_short_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(list_path()))
        .and(query_param_is_missing("marker"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_of(&["g1", "g2"])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(list_path()))
        .and(query_param("marker", "g2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_of(&["g3", "g4"])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(list_path()))
        .and(query_param("marker", "g4"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_of(&["g5"])))
        .expect(1)
        .mount(&server)
        .await;
    let query = ListServerGroupsQuery {
        limit: Some(2),
        ..Default::default()
    };
    let ids: Vec<String> = collect_stream(&client(&server), &query)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(ids, ["g1", "g2", "g3", "g4", "g5"]);
    assert_eq!(
        queries(&server).await,
        ["limit=2", "limit=2&marker=g2", "limit=2&marker=g4"]
    );
}

#[tokio::test]
async fn the_stream_starts_after_the_callers_marker_and_ends_on_an_empty_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("marker", "g0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_of(&["g1", "g2"])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("marker", "g2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_of(&[])))
        .mount(&server)
        .await;
    let query = ListServerGroupsQuery {
        limit: Some(2),
        marker: Some("g0".into()),
    };
    let ids: Vec<String> = collect_stream(&client(&server), &query)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(ids, ["g1", "g2"]);
    assert_eq!(
        queries(&server).await,
        ["limit=2&marker=g0", "limit=2&marker=g2"]
    );
}

#[tokio::test]
async fn a_failed_page_ends_the_stream_after_its_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("marker"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_of(&["g1"])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("marker", "g1"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({"error": {"code": "Ecs.0005", "message": "bad marker"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let query = ListServerGroupsQuery {
        limit: Some(1),
        ..Default::default()
    };
    let items = collect_stream(&client(&server), &query).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_deref().unwrap(), "g1");
    assert!(
        matches!(&items[1], Err(Error::Service(e)) if e.status == 400),
        "{:?}",
        items[1]
    );
}

#[tokio::test]
async fn the_stream_checks_the_limit_before_sending_anything() {
    let server = MockServer::start().await;
    let query = ListServerGroupsQuery {
        limit: Some(5000),
        ..Default::default()
    };
    let items = collect_stream(&client(&server), &query).await;
    assert!(
        matches!(items.as_slice(), [Err(Error::Validation(_))]),
        "{items:?}"
    );
    assert!(received(&server).await.is_empty());
}

//! The flavor operations over loopback (wiremock): the request each sends, the page's example
//! answer decoded into the typed output.

mod ops_support;
mod support;

use futures_util::StreamExt;
use ops_support::{PROJECT, TOKEN, client, queries};
use otc_ecs::operations::{ListFlavorsQuery, ListResizeFlavorsQuery};
use otc_ecs::types::{FlavorSaleStatus, PerformanceType, ResizeFlavorSortKey, SortDirection};
use otc_ecs::{Auth, Client, Error, Nullable};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn list_flavors_decodes_the_page_example_with_its_extended_specifications() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/cloudservers/flavors")))
        .and(header("X-Auth-Token", TOKEN))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(ops_support::response(
                "list_flavors",
                "flavors-doc, Example Response",
            )),
        )
        .expect(1)
        .mount(&server)
        .await;
    let list = client(&server)
        .list_flavors(&ListFlavorsQuery::default())
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].body.is_empty());
    assert_eq!(requests[0].url.query(), None, "nothing set, nothing sent");
    assert_eq!(list.flavors.len(), 1);
    let flavor = &list.flavors[0];
    assert_eq!(flavor.id, "c3.2xlarge.2");
    assert_eq!(flavor.vcpus.as_deref(), Some("8"));
    assert_eq!(flavor.ram, Some(16384));
    assert_eq!(flavor.rxtx_quota, Nullable::Null);
    assert_eq!(flavor.is_public, Some(true));
    let links = flavor.links.as_ref().unwrap();
    assert_eq!(links[0].rel, "self");
    assert_eq!(links[1].link_type, Nullable::Null);
    let specs = flavor.os_extra_specs.as_ref().unwrap();
    assert_eq!(specs.performance_type, Some(PerformanceType::Computingv3));
    assert_eq!(specs.generation.as_deref(), Some("c3"));
    assert_eq!(specs.resource_type.as_deref(), Some("IOoptimizedC3_2"));
    assert_eq!(specs.operation_status, None);
}

#[tokio::test]
async fn unknown_flavor_kinds_and_sale_states_are_kept() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/cloudservers/flavors")))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "flavors": [{"id": "x1.large.4", "os_extra_specs": {
                "ecs:performancetype": "quantum",
                "cond:operation:status": "sellout",
                "cond:operation:az": "az0(normal), az1(sellout)",
                "quota:future": "7"
            }}]
        })))
        .mount(&server)
        .await;
    let list = client(&server)
        .list_flavors(&ListFlavorsQuery::default())
        .await
        .unwrap();
    let specs = list.flavors[0].os_extra_specs.as_ref().unwrap();
    assert_eq!(
        specs.performance_type,
        Some(PerformanceType::Other("quantum".into()))
    );
    assert_eq!(specs.operation_status, Some(FlavorSaleStatus::Sellout));
    assert_eq!(specs.extra["quota:future"], "7");
}

#[tokio::test]
async fn list_resize_flavors_uses_the_ecs_native_path_by_default_and_the_uri_line_as_v2_1() {
    let server = MockServer::start().await;
    let answer = ops_support::response(
        "list_resize_flavors",
        "resize-flavors-doc, Example Response",
    );
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/cloudservers/resize_flavors")))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v2.1/{PROJECT}/resize_flavors")))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(&server)
        .await;
    let by_flavor = ListResizeFlavorsQuery {
        source_flavor_id: Some("c3.xlarge.2".into()),
        ..Default::default()
    };
    let list = client(&server)
        .list_resize_flavors(&by_flavor)
        .await
        .unwrap();
    let flavor = &list.flavors[0];
    assert_eq!(flavor.id, "c3.15xlarge.2");
    assert_eq!(flavor.vcpus.as_deref(), Some("60"));
    assert_eq!(flavor.disk.as_deref(), Some("0"));
    assert_eq!(flavor.ram, Some(131072));
    let specs = flavor.extra_specs.as_ref().unwrap();
    assert_eq!(specs.performance_type, Some(PerformanceType::Computingv3));
    assert_eq!(flavor.links.as_ref().unwrap()[0].link_type, Nullable::Null);

    let nova = Client::builder(server.uri(), PROJECT, Auth::token(TOKEN))
        .path_variant("v2.1")
        .build()
        .unwrap();
    let again = nova.list_resize_flavors(&by_flavor).await.unwrap();
    assert_eq!(again.flavors[0].id, "c3.15xlarge.2");
}

#[tokio::test]
async fn list_flavors_sends_the_availability_zone_as_the_page_example_does() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/cloudservers/flavors")))
        .and(query_param("availability_zone", "availability_value"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"flavors": []})))
        .expect(1)
        .mount(&server)
        .await;
    let query = ListFlavorsQuery {
        availability_zone: Some("availability_value".into()),
    };
    let list = client(&server).list_flavors(&query).await.unwrap();
    assert!(list.flavors.is_empty());
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.query(),
        Some("availability_zone=availability_value")
    );
}

#[tokio::test]
async fn list_resize_flavors_sends_every_query_parameter_in_the_spec_order() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/cloudservers/resize_flavors")))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"flavors": []})))
        .expect(1)
        .mount(&server)
        .await;
    let query = ListResizeFlavorsQuery {
        instance_uuid: Some("b37fd80e-ac67-4d02-b9f1-9891c9c0fabf".into()),
        source_flavor_id: Some("c3.xlarge.2".into()),
        source_flavor_name: Some("c3 xlarge/2".into()),
        sort_key: Some(ResizeFlavorSortKey::MemoryMb),
        sort_dir: Some(SortDirection::Desc),
        limit: Some(50),
        marker: Some("c3.2xlarge.2".into()),
    };
    client(&server).list_resize_flavors(&query).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.query(),
        Some(
            "instance_uuid=b37fd80e-ac67-4d02-b9f1-9891c9c0fabf&source_flavor_id=c3.xlarge.2\
             &source_flavor_name=c3%20xlarge%2F2&sort_key=memory_mb&sort_dir=desc&limit=50\
             &marker=c3.2xlarge.2"
        )
    );
}

fn flavors_page(ids: &[&str]) -> serde_json::Value {
    let flavors: Vec<serde_json::Value> =
        ids.iter().map(|id| serde_json::json!({"id": id})).collect();
    serde_json::json!({ "flavors": flavors })
}

#[tokio::test]
async fn list_resize_flavors_stream_follows_the_last_flavor_id_until_a_short_page() {
    let server = MockServer::start().await;
    let at = format!("/v1/{PROJECT}/cloudservers/resize_flavors");
    Mock::given(method("GET"))
        .and(path(at.clone()))
        .and(query_param_is_missing("marker"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(flavors_page(&["c3.large.2", "c3.xlarge.2"])),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(at))
        .and(query_param("marker", "c3.xlarge.2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(flavors_page(&["c3.2xlarge.2"])))
        .expect(1)
        .mount(&server)
        .await;
    let query = ListResizeFlavorsQuery {
        instance_uuid: Some("b37fd80e-ac67-4d02-b9f1-9891c9c0fabf".into()),
        limit: Some(2),
        ..Default::default()
    };
    let c = client(&server);
    let stream = c.list_resize_flavors_stream(&query);
    let mut stream = std::pin::pin!(stream);
    let mut ids = Vec::new();
    while let Some(item) = stream.next().await {
        let item: Result<_, Error> = item;
        ids.push(item.unwrap().id);
    }
    assert_eq!(ids, ["c3.large.2", "c3.xlarge.2", "c3.2xlarge.2"]);
    let queries = queries(&server).await;
    assert_eq!(
        queries,
        [
            "instance_uuid=b37fd80e-ac67-4d02-b9f1-9891c9c0fabf&limit=2",
            "instance_uuid=b37fd80e-ac67-4d02-b9f1-9891c9c0fabf&limit=2&marker=c3.xlarge.2",
        ]
    );
}

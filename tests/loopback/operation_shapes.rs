//! The client generated from `tests/fixtures/operation_shapes.yaml` against a loopback server
//! (run by `tests/fixture_loopback.rs`, in the generated crate).

use loopback_operation_shapes::{Auth, Client, Error};
use wiremock::matchers::{method, path};
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

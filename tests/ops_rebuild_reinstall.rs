//! The rules of the rebuild and reinstall pages as mended after review: `user_data` of a
//! rebuild is limited to 32 KB before encoding and asks for microversion 2.57, and the
//! reinstall password is checked for its length only (no source says which characters are
//! refused). Loopback (wiremock) tests of the generated client.

mod ops_support;
mod support;

use ops_support::{PROJECT, client};
use otc_ecs::Error;
use otc_ecs::types::{OsReinstall, Rebuild};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn rebuild(user_data: &str) -> Rebuild {
    Rebuild {
        image_ref: "3ed456f5-3d8f-4383-a6c9-312032afcd1a".into(),
        user_data: Some(user_data.into()),
        ..Default::default()
    }
}

/// Standard padded base64 of `len` zero bytes.
fn base64_of_zeros(len: usize) -> String {
    let mut text = "A".repeat(len / 3 * 4);
    match len % 3 {
        1 => text.push_str("AA=="),
        2 => text.push_str("AAA="),
        _ => {}
    }
    text
}

#[tokio::test]
async fn rebuild_with_user_data_asks_for_microversion_2_57() {
    let server = MockServer::start().await;
    // The page's Linux example, encoded.
    let data = "IyEvYmluL2Jhc2gKZWNobyB1c2VyX3Rlc3QgPiAvaG9tZS91c2VyLnR4dA==";
    Mock::given(method("POST"))
        .and(path(format!("/v2.1/{PROJECT}/servers/srv-1/action")))
        .and(header("X-OpenStack-Nova-API-Version", "2.57"))
        .and(header("OpenStack-API-Version", "compute 2.57"))
        .and(body_json(json!({"rebuild": {
            "imageRef": "3ed456f5-3d8f-4383-a6c9-312032afcd1a",
            "user_data": data
        }})))
        .respond_with(
            ResponseTemplate::new(202)
                .set_body_json(json!({"server": {"id": "ea681a24", "status": "REBUILD"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let answer = client(&server)
        .rebuild_server("srv-1", &rebuild(data))
        .await
        .unwrap();
    assert_eq!(answer.server.id, "ea681a24");
}

#[tokio::test]
async fn rebuild_refuses_user_data_over_32_kb_before_encoding_and_sends_nothing() {
    let server = MockServer::start().await;
    let c = client(&server);
    match c
        .rebuild_server("srv-1", &rebuild(&base64_of_zeros(32769)))
        .await
    {
        Err(Error::Validation(v)) => {
            let text = v.to_string();
            assert_eq!(v.violations().len(), 1, "{text}");
            assert_eq!(v.violations()[0].path(), "user_data", "{text}");
            assert!(text.contains("at most 32768 bytes, got 32769"), "{text}");
        }
        other => panic!("{other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());
    // Exactly 32 KB passes the check.
    assert_eq!(rebuild(&base64_of_zeros(32768)).validate(), Ok(()));
}

#[test]
fn reinstall_password_is_checked_for_its_length_only() {
    let with = |password: &str| OsReinstall {
        adminpass: Some(password.into()),
        userid: Some("7e25b1da389f4697a79df3a0e5bd494e".into()),
        ..Default::default()
    };
    // The page's own example password until upstream commit f81875b.
    assert_eq!(with("!QAZxsw2").validate(), Ok(()));
    // Characters outside the documented special characters are left to the service.
    assert_eq!(with("Pa55~word#&").validate(), Ok(()));
    for bad in ["Short1!", &"A1b!".repeat(7)] {
        let err = with(bad).validate().unwrap_err();
        assert_eq!(err.violations().len(), 1, "{err}");
        assert_eq!(err.violations()[0].path(), "adminpass", "{err}");
        assert!(err.to_string().contains("8 to 26 characters"), "{err}");
    }
}

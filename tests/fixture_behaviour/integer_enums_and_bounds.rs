//! The crate generated from `tests/fixtures/integer_enums_and_bounds.yaml`, used as a caller
//! would: `fixtures_compile` copies this file into that crate as `tests/behaviour.rs` and runs it.

use fixture_integer_enums_and_bounds::operations::ResizePool;
use fixture_integer_enums_and_bounds::types::{Pool, PoolLimits, PoolResize, PoolState, Priority};
use fixture_integer_enums_and_bounds::{Auth, Error, Operation, RequestContext};
use serde_json::json;

fn violations(body: &PoolResize) -> Vec<String> {
    match body.validate() {
        Ok(()) => Vec::new(),
        Err(e) => e.violations().iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn bounds_are_checked_before_sending_with_the_bounds_included() {
    let mut body = PoolResize {
        size: Some(1),
        ratio: Some(serde_json::Number::from_f64(0.75).unwrap()),
        offset: fixture_integer_enums_and_bounds::Nullable::Value(-10),
        limits: Some(PoolLimits {
            burst: 20,
            ..Default::default()
        }),
        priority: Some(Priority::High),
        ..Default::default()
    };
    assert_eq!(violations(&body), Vec::<String>::new());
    body.size = Some(500);
    assert_eq!(violations(&body), Vec::<String>::new());
    body.size = Some(501);
    body.ratio = Some(serde_json::Number::from_f64(0.8).unwrap());
    body.offset = fixture_integer_enums_and_bounds::Nullable::Value(-11);
    body.limits.as_mut().unwrap().burst = 21;
    body.priority = Some(Priority::Other(3));
    assert_eq!(
        violations(&body),
        [
            "size: must be from 1 to 500",
            "ratio: must be from 0 to 0.75",
            "offset: must be at least -10",
            "limits.burst: must be at most 20",
            "priority: `3` is not one of: 1, 5",
        ]
    );
    // Unset and null values have nothing to check.
    body = PoolResize {
        offset: fixture_integer_enums_and_bounds::Nullable::Null,
        ..Default::default()
    };
    assert_eq!(violations(&body), Vec::<String>::new());
}

#[test]
fn each_value_of_a_map_is_checked_under_its_key() {
    let limits = |burst| PoolLimits {
        burst,
        ..Default::default()
    };
    let mut body = PoolResize {
        limits_by_zone: Some([("eu-de-01".into(), limits(20))].into()),
        priority_by_zone: Some([("eu-de-01".into(), Priority::Low)].into()),
        ..Default::default()
    };
    assert_eq!(violations(&body), Vec::<String>::new());
    let zones = body.limits_by_zone.as_mut().unwrap();
    zones.insert("eu-de-02".into(), limits(21));
    zones.insert("eu-de-03".into(), limits(0));
    let priorities = body.priority_by_zone.as_mut().unwrap();
    priorities.insert("eu-de-02".into(), Priority::Other(3));
    let expected = [
        "limits_by_zone.eu-de-02.burst: must be at most 20",
        "priority_by_zone.eu-de-02: `3` is not one of: 1, 5",
    ];
    assert_eq!(violations(&body), expected);
    // The request is refused as it is made, with the same typed error: nothing is sent.
    let ctx = RequestContext::new("https://ecs.example", "p", &Auth::token("t")).unwrap();
    match (ResizePool { body: &body }).to_request(&ctx) {
        Err(Error::Validation(e)) => {
            let found: Vec<String> = e.violations().iter().map(ToString::to_string).collect();
            assert_eq!(found, expected);
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn an_answer_keeps_unlisted_integers_and_is_not_held_to_its_bounds() {
    let answer = json!({"state": -7, "size": -1, "by_zone": {"a": 1, "b": 42}});
    let pool: Pool = serde_json::from_value(answer.clone()).unwrap();
    assert_eq!(pool.state, PoolState::Other(-7));
    assert_eq!(pool.size, Some(-1));
    let zones = pool.by_zone.as_ref().unwrap();
    assert_eq!(zones["a"], PoolState::Running);
    assert_eq!(zones["b"], PoolState::Other(42));
    assert_eq!(serde_json::to_value(&pool).unwrap(), answer);
    assert_eq!(
        serde_json::from_value::<PoolState>(json!(-1)).unwrap(),
        PoolState::Failed
    );
}

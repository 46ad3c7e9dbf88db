//! The crate generated from `tests/fixtures/required_without_default.yaml`, used as a caller
//! would: `fixtures_compile` copies this file into that crate as `tests/behaviour.rs` and runs it.

use fixture_required_without_default::types::{
    ProbeLaunch, ProbeLimits, ProbeMode, ProbeSchedule, ProbeTarget, TimeUnit,
};
use serde_json::{Number, json};

fn violations(body: &ProbeLaunch) -> Vec<String> {
    match body.validate() {
        Ok(()) => Vec::new(),
        Err(e) => e.violations().iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn new_takes_the_required_fields_without_a_default_and_defaults_the_rest() {
    let schedule = ProbeSchedule::new(TimeUnit::Hour);
    assert_eq!(
        serde_json::to_value(&schedule).unwrap(),
        json!({"every": 0, "unit": "HOUR"})
    );
    let body = ProbeLaunch::new(
        ProbeMode::Deep,
        ProbeTarget::Port(8080),
        schedule,
        Number::from(2),
    );
    // Every required member is sent, those `new` took and those it defaulted; the optional
    // one it left out is not.
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({
            "name": "",
            "mode": "DEEP",
            "target": 8080,
            "limits": {"retries": 0},
            "schedule": {"every": 0, "unit": "HOUR"},
            "weight": 2,
        })
    );
    assert!(body.extra.is_empty() && body.nulls.is_empty());
    // A required object that has a default still derives `Default`.
    assert_eq!(body.limits, ProbeLimits::default());
}

#[test]
fn a_value_from_new_is_validated_like_any_other() {
    // What `new` defaults is checked too: an empty name and a zero interval break their bounds.
    let mut body = ProbeLaunch::new(
        ProbeMode::Other("SHALLOW".into()),
        ProbeTarget::Host("db-1".into()),
        ProbeSchedule::new(TimeUnit::Other("DAY".into())),
        Number::from(1),
    );
    assert_eq!(
        violations(&body),
        [
            "name: must be at least 1 character long, got 0",
            "mode: `SHALLOW` is not one of: QUICK, DEEP",
            "schedule.every: must be at least 1",
            "schedule.unit: `DAY` is not one of: MINUTE, HOUR",
        ]
    );
    // Struct update syntax fills what `new` leaves at its default.
    body = ProbeLaunch {
        name: "db-check".into(),
        schedule: ProbeSchedule {
            every: 5,
            ..ProbeSchedule::new(TimeUnit::Minute)
        },
        fallback: Some(ProbeMode::Quick),
        ..ProbeLaunch::new(
            ProbeMode::Quick,
            ProbeTarget::Host("db-1".into()),
            ProbeSchedule::new(TimeUnit::Hour),
            Number::from(1),
        )
    };
    assert_eq!(violations(&body), Vec::<String>::new());
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({
            "name": "db-check",
            "mode": "QUICK",
            "target": "db-1",
            "limits": {"retries": 0},
            "schedule": {"every": 5, "unit": "MINUTE"},
            "weight": 1,
            "fallback": "QUICK",
        })
    );
}

//! Every ECS error example of the vendored pages, served over loopback, is read by the runtime's
//! error decoding into the code and message the page shows; the spec's `EcsErrorAnswer` (which
//! `--docs` holds against the pages' error tables) transcribes each such example and reads it
//! into the same code and message.
//!
//! The examples are found by scanning every `.. code-block::` of `spec/docs/` for a JSON object
//! with an `error` object, not through the docs reader: the batch page's examples stand inside
//! a list item, where the reader finds none.

mod support;

use std::path::{Path, PathBuf};

use otc_ecs::types::EcsErrorAnswer;
use otc_ecs::{Auth, Client, Error};
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROJECT: &str = "7459f9935ed2422eb9800fea1d4d9378";

/// One error example: its page (under `spec/docs/`), the line of its code block, its body.
struct PageExample {
    page: String,
    line: usize,
    body: Value,
}

fn rst_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the docs folder") {
        let p = entry.expect("a folder entry").path();
        if p.is_dir() {
            rst_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rst") {
            out.push(p);
        }
    }
}

/// The JSON bodies of a page's code blocks: the lines after `.. code-block::` indented deeper
/// than the directive, up to the first line that is not.
fn code_blocks(text: &str) -> Vec<(usize, Value)> {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !line.trim_start().starts_with(".. code-block::") {
            continue;
        }
        let own = indent(line);
        let mut body = String::new();
        for l in &lines[i + 1..] {
            if !l.trim().is_empty() && indent(l) <= own {
                break;
            }
            body.push_str(l);
            body.push('\n');
        }
        if let Ok(v) = serde_json::from_str::<Value>(&body) {
            out.push((i + 1, v));
        }
    }
    out
}

fn error_examples() -> Vec<PageExample> {
    let docs = support::root().join("spec/docs");
    let mut files = Vec::new();
    rst_files(&docs, &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a page");
        let page = file.strip_prefix(&docs).unwrap().display().to_string();
        for (line, body) in code_blocks(&text) {
            if body.get("error").is_some_and(Value::is_object) {
                out.push(PageExample {
                    page: page.clone(),
                    line,
                    body,
                });
            }
        }
    }
    out
}

/// The examples of `EcsErrorAnswer` in `spec/errors.yaml`, as JSON.
fn spec_examples() -> Vec<Value> {
    let mut diags = Default::default();
    let files = client_codegen::load::load(&support::root().join("spec"), &mut diags)
        .expect("the spec loads");
    let file = files
        .iter()
        .find(|f| f.name == "errors.yaml")
        .expect("spec/errors.yaml");
    file.spec.schemas["EcsErrorAnswer"]
        .examples
        .iter()
        .map(|e| serde_json::to_value(&e.value).expect("an example is JSON"))
        .collect()
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

#[test]
fn the_pages_have_the_error_examples_this_test_reads() {
    let found: Vec<String> = error_examples()
        .iter()
        .map(|e| e.page.rsplit('/').next().unwrap().to_string())
        .collect();
    // Creating and deleting ECSs show one each, the batch responses page one with per-ECS
    // errors. (The jobs responses page's error example is not JSON: `"code": XXX,""`.)
    for page in [
        "creating_ecss.rst",
        "deleting_ecss.rst",
        "responses_batch_requests.rst",
    ] {
        assert!(found.iter().any(|p| p == page), "{page} in {found:?}");
    }
}

#[test]
fn the_spec_transcribes_every_error_example_of_the_pages() {
    let spec = spec_examples();
    for e in error_examples() {
        assert!(
            spec.contains(&e.body),
            "{}:{}: this error example is not among EcsErrorAnswer's examples in spec/errors.yaml",
            e.page,
            e.line
        );
    }
}

#[tokio::test]
async fn every_error_example_is_read_into_the_code_and_message_the_page_shows() {
    let examples = error_examples();
    assert!(examples.len() >= 3, "{} examples", examples.len());
    for e in examples {
        let at = format!("{}:{}", e.page, e.line);
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(format!("/v1/{PROJECT}/jobs/job-1")))
            .respond_with(ResponseTemplate::new(400).set_body_json(&e.body))
            .expect(1)
            .mount(&server)
            .await;
        let client = Client::new(server.uri(), PROJECT, Auth::token("token")).expect("client");
        let Err(Error::Service(got)) = client.show_job("job-1").await else {
            panic!("{at}: a 400 with this body is not Error::Service");
        };
        let page_error = &e.body["error"];
        assert_eq!(got.status, 400, "{at}");
        assert_eq!(got.kind.as_deref(), Some("error"), "{at}");
        assert_eq!(got.code.as_deref(), text(page_error, "code"), "{at}");
        assert_eq!(got.message.as_deref(), text(page_error, "message"), "{at}");
        assert!(got.code.is_some() && got.message.is_some(), "{at}: {got:?}");

        // The spec's type reads the same body into the same code and message, and keeps the
        // per-ECS errors of a batch answer that `ServiceError` leaves to its excerpt.
        let typed: EcsErrorAnswer =
            serde_json::from_value(e.body.clone()).unwrap_or_else(|x| panic!("{at}: {x}"));
        assert_eq!(typed.error.code, got.code, "{at}");
        assert_eq!(typed.error.message, got.message, "{at}");
        assert_eq!(
            typed.error.details.as_ref().map_or(0, Vec::len),
            got.details.len(),
            "{at}"
        );
        let items = e.body.get("internalError").and_then(Value::as_array);
        // ServiceError keeps them too, with the ECS each is about.
        let kept: Vec<_> = got
            .items
            .iter()
            .map(|i| (i.id.as_deref(), i.code.as_deref(), i.message.as_deref()))
            .collect();
        let shown: Vec<_> = items
            .into_iter()
            .flatten()
            .map(|p| {
                (
                    text(p, "id"),
                    text(p, "error_code"),
                    text(p, "error_message"),
                )
            })
            .collect();
        assert_eq!(kept, shown, "{at}");
        assert_eq!(
            typed.internal_error.as_ref().map(Vec::len),
            items.map(Vec::len),
            "{at}"
        );
        if let (Some(typed_items), Some(items)) = (&typed.internal_error, items) {
            for (t, p) in typed_items.iter().zip(items) {
                assert_eq!(t.id.as_deref(), text(p, "id"), "{at}");
                assert_eq!(t.error_code.as_deref(), text(p, "error_code"), "{at}");
                assert_eq!(t.error_message.as_deref(), text(p, "error_message"), "{at}");
            }
        }
    }
}

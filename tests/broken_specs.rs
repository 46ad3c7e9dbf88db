//! A broken spec gets errors a maintainer can act on, and never touches the output folder.
//!
//! Each file (or folder) in `broken/` is the small valid spec `broken/base.yaml` broken one way;
//! the `many_*` ones are broken several ways at once, the `ok_*` ones are tricky but valid. For each
//! broken case the rendered diagnostics are snapshotted (`snapshots/broken_specs__<case>.snap`),
//! and each diagnostic must name a file, a line and the problem.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Once;

use client_codegen::{Diagnostic, Failure};

/// One test per broken case: `name => "what one of its diagnostics must say"`. The case is
/// `broken/<name>.yaml`, or the folder `broken/<name>/` for problems that span files.
macro_rules! broken_cases {
    ($($name:ident => $mentions:literal,)*) => {
        $(
            #[test]
            fn $name() {
                check_case(stringify!($name), $mentions);
            }
        )*
        const BROKEN: &[&str] = &[$(stringify!($name)),*];
    };
}

broken_cases! {
    // The YAML itself.
    yaml_syntax => "did not find expected ',' or ']'",
    tab_indent => "a tab character is used for indentation",
    not_a_mapping => "a spec file must be a mapping",
    dup_key => "the key `method` is given twice",
    dup_schema_key => "the key `WidgetState` is given twice",
    two_documents => "a second YAML document starts here",
    over_indented => "mapping values are not allowed",
    // Keys and value types.
    unknown_key => "unknown key `requried`",
    unknown_key_operation => "unknown key `timeout`",
    unknown_top_level_key => "unknown top-level key `version`",
    unknown_source_key => "unknown key `url`",
    missing_key => "missing key `method`",
    missing_field_type => "missing key `type`",
    wrong_type_bool => "expected a boolean",
    wrong_type_list => "expected a sequence",
    wrong_type_status => "expected a whole number",
    // References and duplicates.
    unknown_schema => "no schema is named `WidgetStat`",
    unknown_response_schema => "no schema is named `Gadget`",
    unknown_source => "source `docs` is not declared",
    empty_source => "the source is empty",
    bad_type_expr => "`array<Part` is not a type",
    dup_operation => "operation `show_widget` is defined twice",
    dup_schema => "schema `Part` is defined twice",
    clash_modules => "both become the module `widget_parts`",
    dup_field => "field `id` is listed twice",
    dup_enum_value => "value `ACTIVE` is listed twice",
    dup_int_enum_value => "value `1` is listed twice",
    enum_mixed_values => "value `ACTIVE` is a string, but the enum's first value `0` is an integer",
    // Rust names.
    clash_dash_underscore => "both become the Rust field `foo_bar`",
    clash_system_prefix => "both become the Rust field `system_x`",
    clash_keyword_case => "both become the Rust field `r#type`",
    clash_enum_variant => "both become the variant `InUse`",
    enum_no_variant_name => "`0` gives no UpperCamelCase variant name",
    field_no_rust_name => "`%` gives no Rust field name",
    schema_not_camel => "`widget_part` is not an UpperCamelCase Rust type name",
    reserved_schema_name => "would shadow the `Option` that the generated code names unqualified",
    bad_operation_id => "`ShowWidget` is not a snake_case",
    client_method_name => "becomes the client method `execute`, which `Client` already has",
    rust_name_underscores => "`__label` begins with `__`",
    bad_file_module => "gives its types the module `1abc`, which is not an identifier",
    operation_id_keyword => "operation id `type` is a Rust keyword",
    operation_id_no_type_name => "operation id `_` gives no Rust type name",
    clash_operation_types => "operations `show__widget` and `show_widget` both become the type `ShowWidget`",
    // Operations.
    template_extra_param => "`{part_id}` in",
    template_missing_param => "`widget_id` is declared but not in",
    bad_template => "is not a path template",
    path_param_no_rust_name => "path parameter `_` gives no Rust argument name",
    clash_path_params => "`widget_id` and `widget__id` both become the Rust argument `widget_id`",
    bad_method => "unknown HTTP method `FETCH`",
    bad_errors => "unknown error dialect `json`",
    bad_auth => "unknown auth `password`",
    bad_status => "2000 is not an HTTP status",
    bad_waiter_path => "`WidgetState` is not an object schema",
    bad_waiter_state => "`BROKEN` is not a value of `WidgetState`",
    bad_waiter_fault => "a fault must be an object schema",
    waiter_int_enum_state => "the state must be a string or a string enum, but `state` is `WidgetState`",
    waiter_with_body => "may not have a request body",
    waiter_no_response_body => "but the response has no `schema`",
    bodiless_example_body => "the response has no `schema`, so the example's body must be `null`",
    request_empty => "a request needs a `schema`, `constants` or both",
    constant_wrapper_no_schema => "a `wrapper` wraps the schema's object, but this request has no `schema`",
    constant_clash_field => "constant `part_id` is also a field of `Part`",
    constant_bad_value => "the value of constant `action` is not a string, a whole number, a boolean or `null`",
    constant_twice => "constant `action` is listed twice",
    constant_example_missing => "the body lacks constant `action`",
    actions_not_told_apart => "operations `start_widgets` and `stop_widgets` both send",
    query_array_no_style => "query parameter `tags` is an array, but has no `array_style`",
    query_style_on_scalar => "`array_style` applies to arrays, but `limit` is `integer`",
    query_bad_style => "unknown `array_style: pipes`",
    query_object_type => "`Part` is not an enum schema",
    query_min_above_max => "minimum 100 is above maximum 10",
    query_bound_on_string => "`minimum` applies to integers and numbers, but `name` is `string`",
    query_fractional_bound => "`limit` is an integer, but its minimum 0.5 is not a whole number",
    query_bad_default => "the default 1000 is above the maximum 100",
    query_default_not_enum => "`default` is \"BROKEN\", not one of the values of `WidgetState`",
    query_param_twice => "query parameter `limit` is listed twice",
    query_struct_clash => "become the type `ShowWidgetQuery`, which is also a schema",
    query_no_rust_name => "query parameter `%` gives no Rust field name",
    waiter_required_query => "may not have a required query parameter",
    paging_bad_style => "unknown paging `style: pages`",
    paging_unknown_param => "`page` is not a query parameter of the operation",
    paging_items_not_array => "`label` is `string`, not an array",
    paging_marker_without_field => "`style: marker` paging needs `marker_field`",
    paging_marker_field_unknown => "`uuid` is not a field of the items (`parts`)",
    paging_offset_on_marker => "`first_offset` does not apply to `style: marker` paging",
    paging_limit_string => "the paging `limit` must be a query parameter of type `integer`, but `name` is `string`",
    paging_count_not_integer => "`label` is `string`, not an integer",
    header_bad_name => "`X Request Id` is not an HTTP header name",
    header_twice => "header `location` is listed twice (header names ignore case)",
    header_with_waiter => "a `waiter` reads the response body alone, so its operation may not have `response.headers`",
    header_same_rust_name => "headers `X-Request-Id` and `X_Request_Id` both become the Rust field `x_request_id`",
    // Schemas.
    min_above_max => "min_length 65 is above max_length 64",
    length_on_integer => "`min_length` applies to strings",
    empty_enum => "the enum lists no value",
    bound_on_string => "`minimum` applies to integers and numbers, but `label` is `string`",
    bound_min_above_max => "minimum 10 is above maximum 5",
    bound_not_whole => "`count` is an integer, but its minimum 0.5 is not a whole number",
    default_outside_lengths => "the default \"\" is shorter than the min_length 1",
    default_outside_bounds => "the default 101 is above the maximum 100",
    default_wrong_type => "`default` is \"one\", expected an integer",
    default_not_enum_value => "`default` is \"PAUSED\", not one of the values of `WidgetState`",
    default_on_secret => "`label` is secret, but its default would be shown",
    default_on_array => "`default` applies to strings, integers, numbers, booleans and enums, but `tags` is `array<string>`",
    bad_since => "`2.x` is not a microversion",
    bad_example => "`state` is \"BROKEN\", not one of the values of `WidgetState`",
    cycle => "contain each other without end: Part → Widget → Part",
    rule_missing_field => "rule names `lable`",
    fields_and_values => "exactly one of `fields`, `values` or `one_of`",
    // The keys that tie the spec to its pages.
    bad_deviation => "unknown deviation kind `mandatroy`",
    bad_page_name => "`../pages/widgets.html` is not the name of a page: `..` would leave the `docs/` folder",
    bad_page_absolute => "`/srv/pages/widgets.rst` is not the name of a page: it is an absolute path",
    draft_placeholder => "this text still holds the draft placeholder `TODO(describe)`",
    // Documented error codes (`error_codes`).
    error_code_bad_form => "`Ecs-0005` is not an error code: it has no `.` between its name and its number",
    error_code_success_status => "`status: 202` is not an HTTP error status",
    error_code_twice => "the error code `ECS.0005` is given twice",
    error_code_no_source => "missing key `source`",
    // What a request sends in a header or its URL (`limits::wire`).
    content_type_line_break => "cannot be sent: it holds a line break",
    content_type_not_media_type => "it does not begin with `type/subtype`",
    microversion_service_bad => "cannot be sent in `OpenStack-API-Version`",
    template_bad_segment => "the segment \"wid gets\" of this template cannot stand in a URL",
    path_variant_unselectable => "path variant \"v 2\" could never be selected",
    waiter_state_twice => "the state \"ACTIVE\" is already named at `success[0]`",
    // What rustc or the loader cannot take (`limits`).
    nesting_too_deep => "begins a chain of 33 schemas whose Rust types nest 66 levels deep (Link1 → Link2 → Link3 → … → Link33)",
    type_nested_too_deep => "this type nests more than 8 `array<` and `map<`",
    flow_too_deep => "flow collections (`[`, `{`) nest more than 1000 deep",
    alias_bomb => "the aliases of this file expand it to more than",
    unknown_alias_in_mapping => "unknown anchor",
    items_on_a_string => "`max_items` applies to arrays, but `label` is `string`",
    items_min_above_max => "min_items 5 is above max_items 2",
    // Several problems at once (see `every_problem_of_a_file_is_reported_in_one_run`).
    many_in_one_item => "unknown key `requried`",
    many_across_items => "unknown HTTP method `FETCH`",
    many_parse_and_rules => "unknown top-level key `version`",
}

/// Valid specs that look risky; they must generate.
const VALID: &[&str] = &[
    "base",
    "ok_keyword_fields",
    "ok_since_unquoted",
    "ok_nesting_at_bound",
    "ok_error_codes",
];

/// Cases where one problem rightly gives more than one diagnostic.
const SEVERAL_DIAGNOSTICS: &[&str] = &[
    "bad_deviation",
    "bad_file_module",
    "many_in_one_item",
    "many_across_items",
    "many_parse_and_rules",
];

/// Problems with the file as a whole, reported without a line.
const WHOLE_FILE: &[&str] = &["not_a_mapping"];

/// Paths in diagnostics are shown relative to the working directory: make it this package's.
fn in_package_dir() {
    static CWD: Once = Once::new();
    CWD.call_once(|| std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap());
}

fn case_path(name: &str) -> PathBuf {
    in_package_dir();
    let folder = Path::new("broken").join(name);
    if folder.is_dir() {
        folder
    } else {
        Path::new("broken").join(format!("{name}.yaml"))
    }
}

fn diagnostics(spec: &Path) -> Vec<Diagnostic> {
    match client_codegen::generate(spec) {
        Err(Failure::Spec(diags)) => diags,
        Ok(_) => panic!("`{}` generated, but it is broken", spec.display()),
        Err(Failure::Io(m)) => panic!("`{}`: an I/O failure, not a spec one: {m}", spec.display()),
        Err(Failure::Stale { .. }) => unreachable!("generate never compares"),
    }
}

fn render(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every diagnostic names its file and, unless it is about the whole file, a line of it whose
/// text is the snippet shown.
fn assert_located(case: &str, d: &Diagnostic) {
    assert!(!d.message.is_empty(), "{case}: empty message\n{d}");
    assert!(
        d.file.starts_with("broken/"),
        "{case}: the file is not shown relative to the package: `{}`",
        d.file
    );
    if WHOLE_FILE.contains(&case) {
        assert_eq!((d.line, d.path.as_str()), (0, ""), "{case}: {d}");
        return;
    }
    assert!(d.line > 0 && d.column > 0, "{case}: no line or column\n{d}");
    let text = fs::read_to_string(&d.file).unwrap();
    let line = text.lines().nth(d.line - 1).map(str::trim_end);
    assert!(
        line.is_some(),
        "{case}: line {} is past the end\n{d}",
        d.line
    );
    assert_eq!(
        d.snippet.as_deref(),
        line,
        "{case}: the snippet is not line {}",
        d.line
    );
    assert!(
        d.column <= line.unwrap_or_default().len() + 1,
        "{case}: column {} is past the end of the line\n{d}",
        d.column
    );
}

fn check_case(name: &str, mentions: &str) {
    let diags = diagnostics(&case_path(name));
    assert!(!diags.is_empty(), "{name}: refused without a diagnostic");
    for d in &diags {
        assert_located(name, d);
    }
    assert!(
        diags.iter().any(|d| d.message.contains(mentions)),
        "{name}: no diagnostic mentions `{mentions}`:\n{}",
        render(&diags)
    );
    if !SEVERAL_DIAGNOSTICS.contains(&name) {
        assert_eq!(
            diags.len(),
            1,
            "{name}: one problem, but several diagnostics:\n{}",
            render(&diags)
        );
    }
    insta::assert_snapshot!(name, render(&diags));
}

#[test]
fn every_file_in_the_broken_folder_is_a_case() {
    in_package_dir();
    let mut listed: Vec<String> = fs::read_dir("broken")
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    listed.sort();
    let mut known: Vec<String> = BROKEN.iter().chain(VALID).map(|s| s.to_string()).collect();
    known.sort();
    assert_eq!(
        listed, known,
        "add the new case to `broken_cases!` or `VALID`"
    );
    assert!(BROKEN.len() >= 32, "{} cases", BROKEN.len());
}

#[test]
fn tricky_but_valid_specs_generate() {
    for name in VALID {
        let path = case_path(name);
        if let Err(e) = client_codegen::generate(&path) {
            match e {
                Failure::Spec(d) => panic!("{name} is refused:\n{}", render(&d)),
                other => panic!("{name}: {other:?}"),
            }
        }
    }
}

fn item(name: &str, item: &str) -> String {
    let generated = client_codegen::generate(&case_path(name))
        .unwrap_or_else(|e| panic!("{name} is refused: {e:?}"));
    generated
        .items
        .into_iter()
        .find(|(n, _)| n == item)
        .unwrap_or_else(|| panic!("{name} makes no item `{item}`"))
        .1
}

#[test]
fn keyword_field_names_are_escaped_not_refused() {
    let widget = item("ok_keyword_fields", "types::Widget");
    // Every field names its Rust name and its wire name, so a keyword's escape never leaks onto
    // the wire.
    for line in [
        "r#type: optional \"type\" String,",
        "self_: optional \"self\" String,",
        "r#async: optional \"async\" bool,",
    ] {
        assert!(widget.contains(line), "no `{line}` in:\n{widget}");
    }
}

#[test]
fn an_unquoted_microversion_keeps_its_digits() {
    let widget = item("ok_since_unquoted", "types::Widget");
    assert!(
        widget.contains("2.10"),
        "`since: 2.10` lost its 0:\n{widget}"
    );
}

#[test]
fn every_problem_of_a_file_is_reported_in_one_run() {
    let cases: &[(&str, &[&str])] = &[
        (
            "many_in_one_item",
            &[
                "unknown key `requried`",
                "missing key `type`",
                "string \"maybe\", expected a boolean",
            ],
        ),
        (
            "many_across_items",
            &[
                "unknown HTTP method `FETCH`",
                "value `ACTIVE` is listed twice",
                "unknown key `requird`",
                "`id` is required",
            ],
        ),
        (
            "many_parse_and_rules",
            &[
                "unknown top-level key `version`",
                "missing key `summary`",
                "source `docs` is not declared",
                "value `ACTIVE` is listed twice",
            ],
        ),
    ];
    for (name, expected) in cases {
        let diags = diagnostics(&case_path(name));
        assert!(diags.len() >= 3, "{name}: {}", render(&diags));
        for e in *expected {
            assert!(
                diags.iter().any(|d| d.message.contains(e)),
                "{name}: `{e}` is not reported:\n{}",
                render(&diags)
            );
        }
        let mut lines: Vec<usize> = diags.iter().map(|d| d.line).collect();
        lines.dedup();
        assert_eq!(lines.len(), diags.len(), "{name}: sorted, one per place");
    }
}

/// A unique, empty folder under the system's temporary folder.
fn temp_dir(tag: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "otc-ecs-broken-{tag}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// The base spec with one byte that is not UTF-8 in `summary` (written here, so that no invalid
/// text is committed).
fn write_not_utf8(dir: &Path) -> PathBuf {
    let base = fs::read(case_path("base")).unwrap();
    let at = base
        .windows(b"Show one widget".len())
        .position(|w| w == b"Show one widget")
        .unwrap()
        + b"Show one w".len();
    let mut bytes = base;
    bytes.insert(at, 0xff);
    let path = dir.join("not_utf8.yaml");
    fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn not_utf8() {
    let dir = temp_dir("utf8");
    let path = write_not_utf8(&dir);
    let diags = diagnostics(&path);
    assert_eq!(diags.len(), 1, "{}", render(&diags));
    let d = &diags[0];
    let text = String::from_utf8_lossy(&fs::read(&path).unwrap()).into_owned();
    let (line, column) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find('\u{fffd}').map(|c| (i + 1, c + 1)))
        .unwrap();
    assert_eq!(
        (d.line, d.column),
        (line, column),
        "the bad byte's place\n{d}"
    );
    assert!(d.message.contains("not valid UTF-8"), "{d}");
    assert_eq!(d.file, path.to_string_lossy().replace('\\', "/"));
    let shown = render(&diags).replace(&d.file, "$TMP/not_utf8.yaml");
    insta::assert_snapshot!("not_utf8", shown);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn each_failure_has_its_exit_code() {
    let spec = client_codegen::generate(&case_path("unknown_key"))
        .err()
        .unwrap();
    assert!(matches!(spec, Failure::Spec(_)));
    assert_eq!(spec.exit_code(), 1);

    let missing = client_codegen::generate(&case_path("no_such_case"))
        .err()
        .unwrap();
    assert!(
        matches!(&missing, Failure::Io(m) if m.contains("no_such_case")),
        "{missing:?}"
    );
    assert_eq!(missing.exit_code(), 2);

    let empty = temp_dir("empty");
    let no_yaml = client_codegen::generate(&empty).err().unwrap();
    assert!(matches!(no_yaml, Failure::Io(_)), "{no_yaml:?}");
    assert_eq!(no_yaml.exit_code(), 2);

    let stale = client_codegen::run(&case_path("base"), &empty, true)
        .err()
        .unwrap();
    assert!(matches!(stale, Failure::Stale { .. }), "{stale:?}");
    assert_eq!(stale.exit_code(), 3);
    fs::remove_dir_all(empty).unwrap();
}

/// Every file and folder under `dir`, with the bytes of each file.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(dir).unwrap().to_path_buf();
            if path.is_dir() {
                todo.push(path);
                out.insert(rel, None);
            } else {
                out.insert(rel, Some(fs::read(&path).unwrap()));
            }
        }
    }
    out
}

#[test]
fn a_refused_spec_leaves_the_output_folder_untouched() {
    let out = temp_dir("out");
    client_codegen::run(&case_path("base"), &out, false).unwrap();
    // A file of the maintainer's beside the generated ones.
    fs::write(out.join("NOTES.md"), "kept\n").unwrap();
    let before = tree(&out);
    assert!(before.len() > 5, "{:?}", before.keys());

    let utf8 = temp_dir("utf8-out");
    let mut specs: Vec<PathBuf> = BROKEN.iter().map(|n| case_path(n)).collect();
    specs.push(write_not_utf8(&utf8));
    for spec in &specs {
        match client_codegen::run(spec, &out, false) {
            Err(Failure::Spec(_)) => {}
            other => panic!("{}: {:?}", spec.display(), other.err()),
        }
        let after = tree(&out);
        let added: Vec<_> = after.keys().filter(|k| !before.contains_key(*k)).collect();
        assert!(added.is_empty(), "{}: left {added:?}", spec.display());
        for (path, bytes) in &before {
            assert!(
                after.get(path) == Some(bytes),
                "{}: `{}` changed or went",
                spec.display(),
                path.display()
            );
        }
    }
    fs::remove_dir_all(out).unwrap();
    fs::remove_dir_all(utf8).unwrap();
}

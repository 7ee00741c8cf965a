//! The `ips-equity` command line, end to end: real processes, real files.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const EXAMPLE: &str =
    "Group,Population,IPS,Employed\nA,1000,80,48\nB,1000,70,56\nC,500,20,5\nNot known,300,9,2\n";

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ips-equity"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    // A process that refuses its arguments exits without reading stdin.
    let _ = child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes());
    child.wait_with_output().expect("the binary finishes")
}

fn json(args: &[&str], stdin: &str) -> (i32, Value) {
    let output = run(args, stdin);
    let value = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "stdout is not JSON ({error}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), value)
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/input/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn group<'a>(breakdown: &'a Value, name: &str) -> &'a Value {
    breakdown["groups"]
        .as_array()
        .and_then(|groups| groups.iter().find(|g| g["group"] == name))
        .unwrap_or_else(|| panic!("no group {name} in {breakdown}"))
}

#[test]
fn json_output_has_the_spec_shape() {
    let (status, doc) = json(&["analyse", "-", "--format", "json"], EXAMPLE);
    assert_eq!(status, 0);
    assert_eq!(doc["confidence"], 0.95);
    assert!(doc["warnings"].is_array());
    let breakdown = &doc["breakdowns"][0];
    assert_eq!(breakdown["name"], "Group");
    assert_eq!(breakdown["reference_group"], "A");
    for test in [
        "access_test",
        "uptake_test",
        "two_sample_test",
        "outcome_test",
    ] {
        for field in ["statistic", "df", "p_value"] {
            assert!(breakdown[test][field].is_number(), "{test}.{field}");
        }
    }
    assert_eq!(breakdown["outcome_test"]["exact_method"], "exact");
    assert!(breakdown["outcome_test"]["exact_p_value"].is_number());
    assert!(breakdown["outcome_test"]["exact_p_value_se"].is_null());
    assert_eq!(breakdown["excluded"][0]["group"], "Not known");
    assert_eq!(breakdown["excluded"][0]["ips"], 9);
    assert_eq!(breakdown["excluded"][0]["population"], 300);
    let names: Vec<&str> = breakdown["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["A", "B", "C"]);
    let reference = group(breakdown, "A");
    for field in [
        "difference",
        "difference_ci",
        "ratio",
        "ratio_ci",
        "p_value",
        "p_adjusted",
    ] {
        assert!(
            reference["outcome"][field].is_null(),
            "reference outcome.{field}"
        );
    }
    assert!(reference["access"]["relative_access"].is_null());
    let c = group(breakdown, "C");
    assert_eq!(c["population"], 1000 / 2);
    assert!(c["access"]["ips_share_ci"]
        .as_array()
        .is_some_and(|ci| ci.len() == 2));
    assert!(c["notes"].is_array());
}

#[test]
fn known_values_come_through_at_full_precision() {
    let (_, doc) = json(
        &["analyse", "-", "--format", "json"],
        "Group,Population,IPS,Employed\nX,1000,80,48\nY,1000,70,56\n",
    );
    let y = &group(&doc["breakdowns"][0], "Y")["outcome"];
    let close = |value: &Value, want: f64| (value.as_f64().unwrap() - want).abs() < 1e-12;
    // Newcombe (1998): 56/70 vs 48/80; statsmodels confint_proportions_2indep.
    assert!(close(&y["difference"], 0.2));
    assert!(close(&y["difference_ci"][0], 0.05243147240236498));
    assert!(close(&y["difference_ci"][1], 0.33387265403690614));
    assert!(close(&y["ratio_ci"][0], 1.0766264227631928));
    assert!(close(&y["ratio_ci"][1], 1.6512485112663873));
}

#[test]
fn options_change_the_figures() {
    let (_, wilson) = json(&["analyse", "-", "--format", "json"], EXAMPLE);
    let (_, exact) = json(
        &[
            "analyse",
            "-",
            "--format",
            "json",
            "--interval",
            "exact",
            "--confidence",
            "99",
            "--reference",
            "b",
        ],
        EXAMPLE,
    );
    assert_eq!(exact["confidence"], 0.99);
    assert_eq!(exact["interval_method"], "exact");
    assert_eq!(exact["breakdowns"][0]["reference_group"], "B");
    let rate_ci = |doc: &Value| group(&doc["breakdowns"][0], "C")["outcome"]["rate_ci"].clone();
    assert_ne!(rate_ci(&wilson), rate_ci(&exact));
    // Clopper-Pearson at 99% for 5/20, statsmodels proportion_confint(5, 20, 0.01, "beta").
    let lower = rate_ci(&exact)[0].as_f64().unwrap();
    assert!((lower - 0.058333936058951805).abs() < 1e-12, "{lower}");
}

#[test]
fn bad_input_exits_2_with_every_error() {
    let (status, doc) = json(
        &["analyse", "-", "--format", "json"],
        "Group,Population,IPS,Employed\nA,100,40,52\nB,100,-1,0\n",
    );
    assert_eq!(status, 2);
    let errors = doc["errors"].as_array().unwrap();
    assert!(errors.len() >= 2, "{errors:?}");
    assert!(errors
        .iter()
        .any(|e| e["row"] == 2 && e["column"] == "Employed"));
    assert!(errors.iter().any(|e| e["row"] == 3 && e["column"] == "IPS"));
    assert!(errors
        .iter()
        .all(|e| e["message"].as_str().is_some_and(|m| !m.is_empty())));
    let text = run(
        &["analyse", "-"],
        "Group,Population,IPS,Employed\nA,100,40,52\nB,100,-1,0\n",
    );
    assert_eq!(text.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&text.stderr);
    assert!(
        stderr.contains("Row 2, Employed: 52 is more than the 40 people in IPS"),
        "{stderr}"
    );
}

#[test]
fn unknown_reference_group_is_refused() {
    let output = run(&["analyse", "-", "--reference", "Nobody"], EXAMPLE);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no group called"));
}

#[test]
fn confidence_outside_zero_to_one_is_refused() {
    let output = run(&["analyse", "-", "--confidence", "1.5e3"], EXAMPLE);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn text_output_leads_with_findings_and_tables() {
    let output = run(&["analyse", "-"], EXAMPLE);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("== Group (reference group: A) =="), "{text}");
    assert!(
        text.contains("C people made up 11.8% of people accessing IPS (20 of 170)"),
        "{text}"
    );
    assert!(text.contains("Freeman-Halton exact test"), "{text}");
    assert!(text.contains("Not known: 9 in IPS"), "{text}");
}

#[test]
fn missing_file_is_reported_not_panicked() {
    let output = run(
        &["analyse", "/nonexistent/table.csv", "--format", "json"],
        "",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("Cannot read"));
}

#[test]
fn fixture_files_read_from_disk() {
    for name in [
        "breakdowns.csv",
        "excel_clipboard.tsv",
        "semicolon.csv",
        "census_percent.csv",
    ] {
        let path = fixture(name);
        let output = run(&["analyse", &path, "--format", "json"], "");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let output = run(
        &[
            "analyse",
            &fixture("several_errors.csv"),
            "--format",
            "json",
        ],
        "",
    );
    assert_eq!(output.status.code(), Some(2));
}

const TWO_BREAKDOWNS: &str = "Breakdown,Group,Population,IPS,Employed
Ethnicity,White,8000,250,90
Ethnicity,Black,1150,64,30
Sex,Female,5000,150,60
Sex,Male,5000,215,50
Sex,Age >= 65,300,20,2
";

fn references(doc: &Value) -> Vec<(String, String)> {
    doc["breakdowns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["name"].as_str().unwrap().to_string(),
                b["reference_group"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(b, g)| (b.to_string(), g.to_string()))
        .collect()
}

#[test]
fn the_reference_rule_can_pick_the_highest_job_rate() {
    let args = ["analyse", "-", "--format", "json"];
    let (status, largest) = json(&args, TWO_BREAKDOWNS);
    assert_eq!(status, 0);
    assert_eq!(
        references(&largest),
        pairs(&[("Ethnicity", "White"), ("Sex", "Male")])
    );
    let (status, highest) = json(
        &[&args[..], &["--reference-rule", "highest-rate"]].concat(),
        TWO_BREAKDOWNS,
    );
    assert_eq!(status, 0);
    assert_eq!(
        references(&highest),
        pairs(&[("Ethnicity", "Black"), ("Sex", "Female")])
    );
    let ratio = group(&highest["breakdowns"][0], "White")["outcome"]["ratio"]
        .as_f64()
        .unwrap();
    assert!(
        (ratio - (90.0 / 250.0) / (30.0 / 64.0)).abs() < 1e-12,
        "{ratio}"
    );
    assert_eq!(highest["warnings"], serde_json::json!([]));
}

#[test]
fn the_highest_rate_rule_without_an_employed_column_falls_back_with_a_warning() {
    let (status, doc) = json(
        &[
            "analyse",
            "-",
            "--format",
            "json",
            "--reference-rule",
            "highest-rate",
        ],
        "Group,Population,IPS\nA,1000,80\nB,1000,90\n",
    );
    assert_eq!(status, 0);
    assert_eq!(doc["breakdowns"][0]["reference_group"], "B");
    assert!(doc["warnings"][0]
        .as_str()
        .is_some_and(|w| w.contains("no job rates")));
}

#[test]
fn a_reference_can_be_chosen_for_one_breakdown() {
    let (status, doc) = json(
        &[
            "analyse",
            "-",
            "--format",
            "json",
            "--reference-in",
            " sex = female",
        ],
        TWO_BREAKDOWNS,
    );
    assert_eq!(status, 0);
    assert_eq!(
        references(&doc),
        pairs(&[("Ethnicity", "White"), ("Sex", "Female")])
    );
    assert_eq!(doc["warnings"], serde_json::json!([]));
    // A group may contain "=": only the breakdown's name comes before it.
    let (status, doc) = json(
        &[
            "analyse",
            "-",
            "--format",
            "json",
            "--reference-rule",
            "highest-rate",
            "--reference-in",
            "Sex=Age >= 65",
        ],
        TWO_BREAKDOWNS,
    );
    assert_eq!(status, 0);
    assert_eq!(
        references(&doc),
        pairs(&[("Ethnicity", "Black"), ("Sex", "Age >= 65")])
    );
    // --reference keeps meaning a group name, "=" and all.
    let (status, doc) = json(
        &[
            "analyse",
            "-",
            "--format",
            "json",
            "--reference",
            "age >= 65",
        ],
        TWO_BREAKDOWNS,
    );
    assert_eq!(status, 0);
    assert_eq!(doc["breakdowns"][1]["reference_group"], "Age >= 65");
}

#[test]
fn a_reference_for_a_missing_breakdown_or_group_is_refused() {
    for (choice, message) in [
        ("Gender=Female", "does not start with a breakdown"),
        ("Female", "does not start with a breakdown"),
        ("Sex=White", "no group called \u{201c}White\u{201d} in Sex"),
    ] {
        let (status, doc) = json(
            &["analyse", "-", "--format", "json", "--reference-in", choice],
            TWO_BREAKDOWNS,
        );
        assert_eq!(status, 2, "{choice}");
        assert_eq!(doc["errors"][0]["column"], "reference-in");
        assert!(
            doc["errors"][0]["message"]
                .as_str()
                .is_some_and(|m| m.contains(message)),
            "{doc}"
        );
    }
}

#[test]
fn a_named_reference_and_a_reference_rule_cannot_both_be_given() {
    let output = run(
        &[
            "analyse",
            "-",
            "--reference",
            "A",
            "--reference-rule",
            "highest-rate",
        ],
        EXAMPLE,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot be used with"));
}

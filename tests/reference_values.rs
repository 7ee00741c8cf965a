//! The statistical core against SciPy and statsmodels.
//!
//! `fixtures/reference_values.json` holds a few hundred cases computed by
//! `reference/generate.py` with SciPy and statsmodels, each value confirmed
//! with mpmath at 60 digits (and replaced by mpmath's where a library was
//! less accurate than 1e-12). Every case must agree to a relative 1e-9; a
//! case whose `expected` is null must give `None`. All disagreements are
//! listed before the test fails, so one run shows every broken method.

use ips_equity::stats::chisquare::{goodness_of_fit, independence, ChiSquareTest};
use ips_equity::stats::comparison::{katz_ratio, newcombe_difference};
use ips_equity::stats::exact::{binomial_test, fisher_exact};
use ips_equity::stats::multiplicity::holm;
use ips_equity::stats::proportion::{clopper_pearson, wilson};
use ips_equity::stats::{z_for_confidence, Interval};
use serde_json::Value;

const FIXTURE: &str = include_str!("fixtures/reference_values.json");

/// The project's agreement with SciPy/statsmodels/R.
const RELATIVE: f64 = 1e-9;

/// p-values below 1e-300 may underflow to 0 (the contract allows it).
const P_VALUE_FLOOR: f64 = 1e-300;

/// Interval bounds that are 0 in exact arithmetic come out of any
/// floating-point formula as a residue of about 1e-17; no printed digit sees
/// a difference this small.
const BOUND_FLOOR: f64 = 1e-15;

/// A chi-square statistic this small has p = 1 to double precision; an
/// exactly proportional table gives 0 or a rounding residue.
const STATISTIC_FLOOR: f64 = 1e-12;

/// Published figures are rounded to 4 decimals: half a unit in that place,
/// and a little for the binary representation of the figure itself.
const PUBLISHED_HALF_UNIT: f64 = 5e-5 + 1e-12;

/// Fewer cases than this for a method means the fixture lost some.
const MINIMUM_CASES_PER_METHOD: [(&str, usize); 10] = [
    ("z_for_confidence", 5),
    ("wilson", 50),
    ("clopper_pearson", 50),
    ("newcombe_difference", 30),
    ("katz_ratio", 20),
    ("binomial_test", 30),
    ("fisher_exact", 25),
    ("goodness_of_fit", 20),
    ("independence", 20),
    ("holm", 10),
];

fn close(got: f64, want: f64, floor: f64) -> bool {
    (got - want).abs() <= (RELATIVE * want.abs()).max(floor)
}

fn number(value: &Value, field: &str) -> Result<f64, String> {
    value
        .get(field)
        .and_then(Value::as_f64)
        .ok_or_else(|| format!("args.{field} is not a number"))
}

fn count(value: &Value, field: &str) -> Result<u64, String> {
    value
        .get(field)
        .and_then(Value::as_u64)
        .ok_or_else(|| format!("args.{field} is not a count"))
}

fn numbers(value: &Value) -> Result<Vec<f64>, String> {
    value
        .as_array()
        .ok_or("not an array")?
        .iter()
        .map(|item| {
            item.as_f64()
                .ok_or_else(|| format!("{item} is not a number"))
        })
        .collect()
}

fn counts(value: &Value, field: &str) -> Result<Vec<u64>, String> {
    value
        .get(field)
        .and_then(Value::as_array)
        .ok_or_else(|| format!("args.{field} is not an array"))?
        .iter()
        .map(|item| {
            item.as_u64()
                .ok_or_else(|| format!("{item} is not a count"))
        })
        .collect()
}

fn table(value: &Value) -> Result<Vec<[u64; 2]>, String> {
    value
        .get("rows")
        .and_then(Value::as_array)
        .ok_or("args.rows is not an array")?
        .iter()
        .map(|row| match row.as_array().map(Vec::as_slice) {
            Some([first, second]) => match (first.as_u64(), second.as_u64()) {
                (Some(first), Some(second)) => Ok([first, second]),
                _ => Err(format!("row {row} is not two counts")),
            },
            _ => Err(format!("row {row} is not two counts")),
        })
        .collect()
}

/// Checks one interval; `published` figures, where the case has them, too.
fn check_interval(got: Option<Interval>, case: &Value) -> Result<(), String> {
    let expected = &case["expected"];
    let got = match (got, expected.is_null()) {
        (None, true) => return Ok(()),
        (None, false) => return Err("got None".into()),
        (Some(got), true) => {
            return Err(format!("got [{:?}, {:?}], want None", got.lower, got.upper))
        }
        (Some(got), false) => got,
    };
    let want = numbers(expected)?;
    let [lower, upper] = want.as_slice() else {
        return Err("expected is not [lower, upper]".into());
    };
    if !(close(got.lower, *lower, BOUND_FLOOR) && close(got.upper, *upper, BOUND_FLOOR)) {
        return Err(format!("got [{:?}, {:?}]", got.lower, got.upper));
    }
    if let Some(published) = case.get("published") {
        let published = numbers(published)?;
        let within = published.len() == 2
            && (got.lower - published[0]).abs() <= PUBLISHED_HALF_UNIT
            && (got.upper - published[1]).abs() <= PUBLISHED_HALF_UNIT;
        if !within {
            return Err(format!(
                "got [{:?}, {:?}], published {published:?}",
                got.lower, got.upper
            ));
        }
    }
    Ok(())
}

fn check_p_value(got: Option<f64>, expected: &Value) -> Result<(), String> {
    match (got, expected.as_f64()) {
        (None, None) if expected.is_null() => Ok(()),
        (Some(got), Some(want)) if close(got, want, P_VALUE_FLOOR) => Ok(()),
        (got, _) => Err(format!("got {got:?}")),
    }
}

fn check_chi_square(got: Option<ChiSquareTest>, expected: &Value) -> Result<(), String> {
    let got = match (got, expected.is_null()) {
        (None, true) => return Ok(()),
        (None, false) => return Err("got None".into()),
        (Some(got), true) => return Err(format!("got {got:?}, want None")),
        (Some(got), false) => got,
    };
    let statistic = number(expected, "statistic")?;
    let df = count(expected, "df")?;
    let p_value = number(expected, "p_value")?;
    if close(got.statistic, statistic, STATISTIC_FLOOR)
        && got.df == df
        && close(got.p_value, p_value, P_VALUE_FLOOR)
    {
        Ok(())
    } else {
        Err(format!("got {got:?}"))
    }
}

fn check_holm(got: &[f64], expected: &Value) -> Result<(), String> {
    let want = numbers(expected)?;
    let agree = got.len() == want.len()
        && got
            .iter()
            .zip(&want)
            .all(|(&got, &want)| close(got, want, P_VALUE_FLOOR));
    if agree {
        Ok(())
    } else {
        Err(format!("got {got:?}"))
    }
}

fn check_case(case: &Value) -> Result<(), String> {
    let method = case["method"].as_str().ok_or("method is not a string")?;
    let args = &case["args"];
    let expected = &case["expected"];
    let comparison = || -> Result<(u64, u64, u64, u64, f64), String> {
        Ok((
            count(args, "e1")?,
            count(args, "n1")?,
            count(args, "e2")?,
            count(args, "n2")?,
            number(args, "confidence")?,
        ))
    };
    match method {
        "z_for_confidence" => {
            let got = z_for_confidence(number(args, "confidence")?);
            let want = expected.as_f64().ok_or("expected is not a number")?;
            if close(got, want, 0.0) {
                Ok(())
            } else {
                Err(format!("got {got:?}"))
            }
        }
        "wilson" | "clopper_pearson" => {
            let successes = count(args, "successes")?;
            let trials = count(args, "trials")?;
            let confidence = number(args, "confidence")?;
            let interval = if method == "wilson" {
                wilson(successes, trials, confidence)
            } else {
                clopper_pearson(successes, trials, confidence)
            };
            check_interval(interval, case)
        }
        "newcombe_difference" => {
            let (e1, n1, e2, n2, confidence) = comparison()?;
            check_interval(newcombe_difference(e1, n1, e2, n2, confidence), case)
        }
        "katz_ratio" => {
            let (e1, n1, e2, n2, confidence) = comparison()?;
            check_interval(katz_ratio(e1, n1, e2, n2, confidence), case)
        }
        "binomial_test" => {
            let got = binomial_test(count(args, "k")?, count(args, "n")?, number(args, "p")?);
            check_p_value(got, expected)
        }
        "fisher_exact" => {
            let got = fisher_exact(
                count(args, "a")?,
                count(args, "b")?,
                count(args, "c")?,
                count(args, "d")?,
            );
            check_p_value(got, expected)
        }
        "goodness_of_fit" => {
            let observed = counts(args, "observed")?;
            let shares = numbers(&args["expected_shares"])?;
            check_chi_square(goodness_of_fit(&observed, &shares), expected)
        }
        "independence" => check_chi_square(independence(&table(args)?), expected),
        "holm" => check_holm(&holm(&numbers(&args["p_values"])?), expected),
        other => Err(format!("unknown method {other}")),
    }
}

#[test]
fn the_core_agrees_with_scipy_and_statsmodels() {
    let cases: Vec<Value> = serde_json::from_str(FIXTURE).expect("the fixture is a JSON list");

    let mut checked = 0;
    let mut mismatches = Vec::new();
    for case in &cases {
        checked += 1;
        if let Err(problem) = check_case(case) {
            mismatches.push(format!(
                "{} {}: expected {}, {problem}{}",
                case["method"],
                case["args"],
                case["expected"],
                case.get("note")
                    .and_then(Value::as_str)
                    .map(|note| format!(" (note: {note})"))
                    .unwrap_or_default(),
            ));
        }
    }

    for (method, minimum) in MINIMUM_CASES_PER_METHOD {
        let found = cases.iter().filter(|case| case["method"] == method).count();
        assert!(
            found >= minimum,
            "{method}: {found} cases, at least {minimum} expected"
        );
    }
    assert_eq!(checked, cases.len());
    assert!(checked >= 250, "only {checked} cases in the fixture");
    assert!(
        mismatches.is_empty(),
        "{} of {checked} reference cases disagree:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

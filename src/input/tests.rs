//! The rules of `read_table`, one test each, with the full wording of
//! every message.

use proptest::prelude::*;

use super::*;

fn errors(text: &str) -> Vec<String> {
    read_table(text)
        .errors
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn warnings(text: &str) -> Vec<String> {
    read_table(text)
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn names(groups: &[Group]) -> Vec<&str> {
    groups.iter().map(|group| group.name.as_str()).collect()
}

fn group(name: &str, row: usize, population: f64, ips: u64, employed: Option<u64>) -> Group {
    Group::new(name, row, population, ips, employed)
}

// The text

#[test]
fn a_comma_table_with_a_breakdown_column_gives_one_breakdown_per_name() {
    let table = read_table(include_str!("../../tests/fixtures/input/breakdowns.csv"));
    assert_eq!(table.errors, vec![]);
    assert_eq!(table.warnings, vec![]);
    let names_of: Vec<&str> = table.breakdowns.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names_of, ["Ethnicity", "Sex", "Age band"]);
    let ethnicity = &table.breakdowns[0];
    assert_eq!(ethnicity.population_kind, PopulationKind::Count);
    assert_eq!(
        ethnicity.groups,
        vec![
            group("White", 2, 8200.0, 190, Some(70)),
            group("Black", 3, 1150.0, 175, Some(60)),
            group("Asian", 4, 900.0, 48, Some(20)),
            group("Mixed", 5, 350.0, 27, Some(9)),
        ]
    );
    assert_eq!(
        ethnicity.excluded,
        vec![group("Not known", 6, 1350.0, 47, Some(11))]
    );
    assert_eq!(
        ethnicity.total,
        Some(group("Total", 7, 11950.0, 487, Some(170)))
    );
    assert_eq!(
        names(&table.breakdowns[2].groups),
        ["18-24", "25-34", "35-49", "50-64"]
    );
    assert_eq!(table.breakdowns[2].groups[3].row, 13);
}

#[test]
fn excel_clipboard_text_with_bom_crlf_padding_and_grouped_numbers_is_read() {
    let table = read_table(include_str!(
        "../../tests/fixtures/input/excel_clipboard.tsv"
    ));
    assert_eq!(table.errors, vec![]);
    assert_eq!(table.warnings, vec![]);
    let ethnicity = &table.breakdowns[0];
    assert_eq!(ethnicity.name, "Ethnicity");
    assert_eq!(
        names(&ethnicity.groups),
        [
            "White British",
            "Black or Black British",
            "Asian or Asian British",
            "Mixed",
            "Other ethnic group"
        ]
    );
    assert_eq!(ethnicity.groups[0].population, 8200.0);
    assert_eq!(ethnicity.groups[1].population, 1150.0);
    assert_eq!(
        ethnicity.excluded,
        vec![group("Not stated", 7, 1050.0, 32, Some(6))]
    );
}

#[test]
fn a_semicolon_table_reads_the_dot_as_a_thousands_separator() {
    let table = read_table(include_str!("../../tests/fixtures/input/semicolon.csv"));
    assert_eq!(table.errors, vec![]);
    let only = &table.breakdowns[0];
    assert_eq!(only.name, "Group");
    assert_eq!(
        only.groups,
        vec![
            group("Female", 2, 6100.0, 250, Some(95)),
            group("Male", 3, 5850.0, 237, Some(75)),
        ]
    );
    assert_eq!(names(&only.excluded), ["Prefer not to say"]);
}

#[test]
fn a_semicolon_table_with_decimal_points_keeps_them() {
    let table = read_table("Group;Population %;IPS\nA;12.5;10\nB;87.5;20\nC;0;1.000\n");
    assert_eq!(table.errors, vec![]);
    let shares: Vec<f64> = table.breakdowns[0]
        .groups
        .iter()
        .map(|g| g.population)
        .collect();
    assert_eq!(shares, [12.5, 87.5, 0.0]);
    // With decimal points established, `1.000` is one, not a thousand.
    assert_eq!(table.breakdowns[0].groups[2].ips, 1);
}

#[test]
fn a_decimal_comma_in_one_cell_settles_the_whole_table() {
    let table = read_table("Group\tPopulation %\tIPS\nA\t12,5\t1.234\nB\t87,5\t20\n");
    assert_eq!(table.errors, vec![]);
    assert_eq!(table.breakdowns[0].groups[0].population, 12.5);
    assert_eq!(table.breakdowns[0].groups[0].ips, 1234);
}

#[test]
fn quoted_thousands_and_names_with_commas_are_one_cell() {
    let table = read_table(
        "Group,Population,IPS\n\"Asian, Asian British\",\"1,234\",56\n\"White\",\"10,500\",\"1,020\"\n",
    );
    assert_eq!(table.errors, vec![]);
    assert_eq!(
        table.breakdowns[0].groups,
        vec![
            group("Asian, Asian British", 2, 1234.0, 56, None),
            group("White", 3, 10500.0, 1020, None),
        ]
    );
}

#[test]
fn spaces_around_cells_and_headers_are_trimmed() {
    let table = read_table("  Group , Population ,IPS  \n  A  , 100 , 10 \n B,  200,20\n");
    assert_eq!(table.errors, vec![]);
    assert_eq!(
        table.breakdowns[0].groups,
        vec![
            group("A", 2, 100.0, 10, None),
            group("B", 3, 200.0, 20, None)
        ]
    );
}

#[test]
fn rows_are_numbered_by_their_line_blank_lines_included() {
    let table = read_table("Group,Population,IPS\n\nA,100,10\n\n\nB,200,ten\n");
    assert_eq!(table.errors[0].row, 6);
    assert_eq!(
        errors("Group,Population,IPS\r\n\r\nA,100,10\r\nB,200,ten\r\n")[0],
        "Row 4, IPS: enter a whole number, like 40"
    );
}

#[test]
fn an_excel_separator_line_is_obeyed() {
    let table = read_table("sep=;\nGroup;Population;IPS\nA;1,5;1\nB;2;1\n");
    assert_eq!(
        errors("sep=;\nGroup;Population;IPS\nA;1,5;1\nB;2;1\n"),
        ["Row 3, Population: 1,5 is not a whole number"]
    );
    assert_eq!(table.errors[0].row, 3);
}

#[test]
fn the_cell_value_is_kept_exactly_as_typed() {
    let table = read_table("Group,Population,IPS\nA,100, 1O \nB,100,1\n");
    let error = &table.errors[0];
    assert_eq!(
        (
            error.row,
            error.column.as_str(),
            error.value.as_str(),
            error.breakdown.as_deref()
        ),
        (2, "IPS", " 1O ", None)
    );
}

// Headers

#[test]
fn headers_match_ignoring_case_spaces_underscores_and_hyphens() {
    let cases = [
        ("Population %", Column::PopulationPercent),
        ("population_percent", Column::PopulationPercent),
        ("Population percent", Column::PopulationPercent),
        ("Population (%)", Column::PopulationPercent),
        ("% of population", Column::PopulationPercent),
        ("POPULATION", Column::Population),
        ("Reference-population", Column::Population),
        ("IPS clients", Column::Ips),
        ("ips_caseload", Column::Ips),
        ("IPS referrals", Column::Ips),
        ("  Employed ", Column::Employed),
        ("Gained employment", Column::Employed),
        ("Job starts", Column::Employed),
        ("group name", Column::Group),
        ("Sub-group", Column::Group),
        ("BREAKDOWN", Column::Breakdown),
        ("Protected characteristic", Column::Breakdown),
    ];
    for (header, column) in cases {
        assert_eq!(Column::recognise(header), Some(column), "{header}");
    }
    for unclear in [
        "Clients",
        "Share",
        "N",
        "Employment rate",
        "Population share",
        "Ethnicity",
        "",
    ] {
        assert_eq!(Column::recognise(unclear), None, "{unclear}");
    }
}

#[test]
fn the_first_non_count_column_names_the_breakdown() {
    let table = read_table("Ethnicity,Population,IPS,Employed\nWhite,100,10,5\nBlack,100,20,5\n");
    assert_eq!(table.errors, vec![]);
    assert_eq!(table.breakdowns[0].name, "Ethnicity");
    let later = read_table("Population,IPS,Sex\n100,10,Female\n100,20,Male\n");
    assert_eq!(later.breakdowns[0].name, "Sex");
    assert_eq!(names(&later.breakdowns[0].groups), ["Female", "Male"]);
}

#[test]
fn a_group_column_without_a_breakdown_column_is_one_breakdown_called_group() {
    let table = read_table("GROUP,Population,IPS\nA,100,10\nB,100,20\n");
    assert_eq!(table.breakdowns.len(), 1);
    assert_eq!(table.breakdowns[0].name, "Group");
}

#[test]
fn an_unnamed_first_column_holds_the_groups() {
    let table = read_table(",Population,IPS\nA,100,10\nB,100,20\n");
    assert_eq!(table.errors, vec![]);
    assert_eq!(table.breakdowns[0].name, "Group");
    assert_eq!(
        errors(",Population,IPS\n,100,10\nB,100,20\nC,1,1\n"),
        ["Row 2, Column A: enter the name of the group"]
    );
}

#[test]
fn counts_win_over_percentages_with_a_warning() {
    let text = "Group,Population,Population %,IPS\nA,100,50,10\nB,300,50,20\n";
    let table = read_table(text);
    assert_eq!(table.breakdowns[0].population_kind, PopulationKind::Count);
    assert_eq!(table.breakdowns[0].groups[1].population, 300.0);
    assert_eq!(
        warnings(text),
        [
            "The table has both Population and Population %: the calculator uses the counts in \
          Population and leaves out Population %"
        ]
    );
    assert_eq!(table.warnings[0].row, Some(1));
}

fn errors_as(text: &str, figures: PopulationFigures) -> Vec<String> {
    read_table_as(text, figures)
        .errors
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn warnings_as(text: &str, figures: PopulationFigures) -> Vec<String> {
    read_table_as(text, figures)
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn from_headers_is_the_default_and_reads_as_read_table_does() {
    assert_eq!(PopulationFigures::default(), PopulationFigures::FromHeaders);
    for text in [
        "Group,Population,IPS\nA,100,10\nB,300,20\n",
        "Group,Population %,IPS\nA,25%,10\nB,75%,20\n",
        "Group,Population,Population %,IPS\nA,100,50,10\nB,300,50,20\n",
        "Group,Population,IPS\nA,12%,5\nB,88,10\n",
    ] {
        assert_eq!(
            read_table_as(text, PopulationFigures::FromHeaders),
            read_table(text)
        );
    }
}

#[test]
fn chosen_percentages_read_a_population_column_as_shares() {
    let text = "Ethnicity,Population,IPS\nWhite,81.7%,190\nBlack,9.6,175\nNot known,8.7,12\n";
    let table = read_table_as(text, PopulationFigures::Percentages);
    assert_eq!(table.errors, vec![]);
    assert_eq!(table.warnings, vec![]);
    let ethnicity = &table.breakdowns[0];
    assert_eq!(ethnicity.population_kind, PopulationKind::Percent);
    assert_eq!(
        ethnicity.groups,
        [
            group("White", 2, 81.7, 190, None),
            group("Black", 3, 9.6, 175, None),
        ]
    );
    assert_eq!(ethnicity.excluded, [group("Not known", 4, 8.7, 12, None)]);
    // Read by its header, the same table has more people in IPS than in the
    // population.
    assert_eq!(
        errors("Group,Population,IPS\nA,60,70\nB,40,30\n"),
        [
            "Row 2, IPS: 70 is more than the 60 people in the population, which should include \
          everyone in IPS"
        ]
    );
    assert_eq!(
        errors_as(
            "Group,Population,IPS\nA,60,70\nB,40,30\n",
            PopulationFigures::Percentages
        ),
        Vec::<String>::new()
    );
}

#[test]
fn chosen_percentages_are_checked_and_scaled_like_a_percent_column() {
    assert_eq!(
        errors_as(
            "Group,Population,IPS\nA,120%,10\nB,-5,20\nC,x,3\n",
            PopulationFigures::Percentages
        ),
        [
            "Row 2, Population: 120% is not between 0 and 100",
            "Row 3, Population: -5 is not between 0 and 100",
            "Row 4, Population: enter the percentage itself, not x (figures held back cannot be \
             analysed)",
        ]
    );
    assert_eq!(
        warnings_as(
            "Group,Population,IPS\nA,60,40\nB,38,30\n",
            PopulationFigures::Percentages
        ),
        [
            "The Population column adds up to 98%, not 100%, so each share is scaled to make the \
          total 100%"
        ]
    );
    assert_eq!(
        warnings_as(
            "Group,Population,IPS\nA,60,40\nB,39.6,30\n",
            PopulationFigures::Percentages
        ),
        Vec::<String>::new()
    );
}

#[test]
fn chosen_counts_read_a_percent_column_as_people() {
    let text = "Group,Population %,IPS\nA,1200,10\nB,3400,20\n";
    let table = read_table_as(text, PopulationFigures::Counts);
    assert_eq!(table.errors, vec![]);
    assert_eq!(table.warnings, vec![]);
    assert_eq!(table.breakdowns[0].population_kind, PopulationKind::Count);
    assert_eq!(
        table.breakdowns[0].groups,
        [
            group("A", 2, 1200.0, 10, None),
            group("B", 3, 3400.0, 20, None),
        ]
    );
    // As counts, the checks on people apply.
    assert_eq!(
        errors_as(
            "Group,Population %,IPS\nA,5,10\nB,12.5,2\n",
            PopulationFigures::Counts
        ),
        [
            "Row 2, IPS: 10 is more than the 5 people in the population, which should include \
             everyone in IPS",
            "Row 3, Population %: 12.5 is not a whole number",
        ]
    );
}

#[test]
fn a_percent_sign_under_chosen_counts_points_to_the_choice() {
    assert_eq!(
        errors_as(
            "Group,Population,IPS\nA,12%,5%\nB,88,10\n",
            PopulationFigures::Counts
        ),
        [
            "Row 2, Population: enter a number of people, not 12% (choose census percentages if \
             the column holds percentages)",
            "Row 2, IPS: enter a number of people, not 5%",
        ]
    );
    assert_eq!(
        errors_as(
            "Group,Population %,IPS\nA,12%,5\nB,88,10\n",
            PopulationFigures::Counts
        ),
        [
            "Row 2, Population %: enter a number of people, not 12% (choose census percentages if \
          the column holds percentages)"
        ]
    );
}

#[test]
fn with_both_population_columns_the_choice_picks_one() {
    let text = "Group,Population,Population %,IPS\nA,100,40,10\nB,300,60,20\n";
    let counts = read_table_as(text, PopulationFigures::Counts);
    assert_eq!(counts.breakdowns[0].population_kind, PopulationKind::Count);
    assert_eq!(counts.breakdowns[0].groups[1].population, 300.0);
    assert_eq!(
        warnings_as(text, PopulationFigures::Counts),
        [
            "The table has both Population and Population %: the calculator uses the counts in \
          Population and leaves out Population %"
        ]
    );
    let percent = read_table_as(text, PopulationFigures::Percentages);
    assert_eq!(percent.errors, vec![]);
    assert_eq!(
        percent.breakdowns[0].population_kind,
        PopulationKind::Percent
    );
    assert_eq!(percent.breakdowns[0].groups[1].population, 60.0);
    assert_eq!(
        warnings_as(text, PopulationFigures::Percentages),
        [
            "The table has both Population and Population %: as census percentages were chosen, \
          the calculator uses the percentages in Population % and leaves out Population"
        ]
    );
}

#[test]
fn a_missing_population_column_is_missing_whatever_the_choice() {
    for figures in [PopulationFigures::Counts, PopulationFigures::Percentages] {
        assert_eq!(
            errors_as("Group,IPS\nA,10\nB,20\n", figures),
            errors("Group,IPS\nA,10\nB,20\n")
        );
    }
    assert_eq!(errors("Group,IPS\nA,10\nB,20\n").len(), 1);
}

#[test]
fn columns_the_calculator_does_not_read_are_named_in_a_warning() {
    let text = "Group,,Population,IPS,Notes,,\nA,x,100,10,new team,,\nB,,100,20,,,\n";
    assert_eq!(
        warnings(text),
        [
            "Column B has no header, so it is left out",
            "Column E (Notes) is left out: the calculator does not use it",
        ]
    );
    assert_eq!(
        warnings("Group,,Population,IPS\nA,,100,10\nB,,100,20\n"),
        Vec::<String>::new()
    );
    assert_eq!(read_table(text).breakdowns.len(), 1);
}

#[test]
fn an_employed_column_with_nothing_in_it_counts_as_absent() {
    let text = "Group,Population,IPS,Employed\nA,100,10,\nB,100,20, \n";
    let table = read_table(text);
    assert_eq!(table.errors, vec![]);
    assert_eq!(table.breakdowns[0].groups[0].employed, None);
    assert_eq!(
        warnings(text),
        ["The Employed column is empty, so job outcomes are not analysed"]
    );
}

#[test]
fn a_missing_employed_column_leaves_employed_unknown() {
    let table = read_table("Group,Population,IPS\nA,100,10\nB,100,20\n");
    assert_eq!(
        table.breakdowns[0].groups[1],
        group("B", 3, 100.0, 20, None)
    );
}

// Special rows

#[test]
fn total_rows_in_any_case_are_kept_apart_and_never_counted() {
    for label in ["Total", "ALL", "overall", " Total "] {
        let table = read_table(&format!(
            "Group,Population,IPS,Employed\nA,100,10,5\nB,300,20,5\n{label},400,30,10\n"
        ));
        assert_eq!(table.errors, vec![], "{label}");
        assert_eq!(table.warnings, vec![], "{label}");
        let only = &table.breakdowns[0];
        assert_eq!(names(&only.groups), ["A", "B"]);
        assert_eq!(
            only.total,
            Some(group(label.trim(), 4, 400.0, 30, Some(10)))
        );
    }
}

#[test]
fn a_total_that_differs_from_the_rows_gets_a_warning_per_column() {
    let text = "Group,Population,IPS,Employed\nA,100,10,5\nB,300,20,5\nNot known,50,7,1\nTotal,450,40,11\n";
    let table = read_table(text);
    assert_eq!(table.errors, vec![]);
    assert_eq!(
        warnings(text),
        [
            "Row 5, IPS: the Total row says 40, but the other rows add up to 37 (the calculator \
          uses the rows, never the total)"
        ]
    );
    assert_eq!(table.breakdowns.len(), 1);
}

#[test]
fn a_total_may_leave_out_the_not_known_rows() {
    let text = "Group,Population,IPS\nA,1000,10\nB,3000,20\nNot known,50,7\nAll,4000,30\n";
    assert_eq!(read_table(text).warnings, vec![]);
}

#[test]
fn a_named_breakdown_is_named_in_its_total_warning() {
    let table = read_table("Ethnicity,Population,IPS\nA,1000,10\nB,3000,20\nTotal,4100,30\n");
    assert_eq!(table.warnings[0].breakdown.as_deref(), Some("Ethnicity"));
    assert_eq!(
        table.warnings[0].to_string(),
        "Row 4, Population: the Total row says 4,100, but the other rows add up to 4,000 (the \
         calculator uses the rows, never the total)"
    );
}

#[test]
fn not_known_rows_in_any_spelling_are_excluded() {
    let labels = [
        "Not known",
        "NOT STATED",
        " unknown ",
        "Missing",
        "Prefer not to say",
        "not-known",
        "Not  stated",
        "prefer_not_to_say",
    ];
    for label in labels {
        let table = read_table(&format!(
            "Group,Population,IPS\nA,100,10\nB,100,20\n{label},100,1\n"
        ));
        assert_eq!(table.errors, vec![], "{label}");
        assert_eq!(
            table.breakdowns[0].excluded,
            vec![group(label.trim(), 4, 100.0, 1, None)]
        );
        assert_eq!(names(&table.breakdowns[0].groups), ["A", "B"], "{label}");
    }
    let near_miss = read_table("Group,Population,IPS\nA,100,10\nB,100,20\nNot known (Z),100,1\n");
    assert_eq!(
        names(&near_miss.breakdowns[0].groups),
        ["A", "B", "Not known (Z)"]
    );
}

#[test]
fn a_not_known_row_may_have_more_people_in_ips_than_in_the_population() {
    let table = read_table("Group,Population,IPS\nA,100,10\nB,100,20\nNot known,0,12\n");
    assert_eq!(table.errors, vec![]);
    assert_eq!(
        table.breakdowns[0].excluded,
        vec![group("Not known", 4, 0.0, 12, None)]
    );
}

#[test]
fn percentages_may_carry_a_percent_sign() {
    let table = read_table(include_str!(
        "../../tests/fixtures/input/census_percent.csv"
    ));
    assert_eq!(table.errors, vec![]);
    assert_eq!(table.warnings, vec![]);
    let ethnicity = &table.breakdowns[0];
    assert_eq!(ethnicity.population_kind, PopulationKind::Percent);
    let shares: Vec<f64> = ethnicity.groups.iter().map(|g| g.population).collect();
    assert_eq!(shares, [81.7, 9.6, 4.0, 3.0, 1.7]);
}

#[test]
fn percentages_that_miss_100_are_scaled_with_a_warning() {
    assert_eq!(
        warnings("Group,Population %,IPS\nA,60,40\nB,38,30\n"),
        ["The Population % column adds up to 98%, not 100%, so each share is scaled to make the total 100%"]
    );
    assert_eq!(
        warnings("Ethnicity,population_percent,IPS\nA,60.25,40\nB,40.5,30\n"),
        [
            "In the Ethnicity breakdown, the population_percent column adds up to 100.75%, not \
          100%, so each share is scaled to make the total 100%"
        ]
    );
    assert_eq!(
        warnings("Group,Population %,IPS\nA,60,40\nB,39.5,30\n"),
        Vec::<String>::new()
    );
    assert_eq!(
        warnings("Group,Population %,IPS\nA,60,40\nB,39.5,30\nUnknown,0.4,3\n"),
        Vec::<String>::new()
    );
    // The warning is a note; the breakdown is still analysed.
    assert_eq!(
        read_table("Group,Population %,IPS\nA,60,40\nB,38,30\n")
            .breakdowns
            .len(),
        1
    );
}

#[test]
fn a_blank_breakdown_cell_continues_the_breakdown_above() {
    let table = read_table("Breakdown,Group,Population,IPS\nSex,Female,100,10\n,Male,100,20\nAge,Young,50,5\n ,Old,50,6\n");
    assert_eq!(table.errors, vec![]);
    assert_eq!(names(&table.breakdowns[0].groups), ["Female", "Male"]);
    assert_eq!(names(&table.breakdowns[1].groups), ["Young", "Old"]);
}

#[test]
fn breakdown_names_match_ignoring_case_and_keep_their_first_spelling() {
    let table = read_table("Breakdown,Group,Population,IPS\nSex,Female,100,10\nAge,Young,50,5\nSEX ,Male,100,20\nage,Old,50,6\n");
    assert_eq!(table.errors, vec![]);
    assert_eq!(table.breakdowns[0].name, "Sex");
    assert_eq!(names(&table.breakdowns[0].groups), ["Female", "Male"]);
    assert_eq!(names(&table.breakdowns[1].groups), ["Young", "Old"]);
}

// Problems with the whole table

#[test]
fn an_empty_table_says_what_to_enter() {
    for text in ["", "\n\n  \r\n", "\u{feff}", ",,,\n\t\n"] {
        assert_eq!(
            errors(text),
            ["The table is empty: enter a header row, like Group, Population, IPS, Employed, and \
              one row for each group"],
            "{text:?}"
        );
    }
}

#[test]
fn a_table_without_a_header_says_so() {
    let table = read_table("White,1000,80,48\nBlack,1000,70,56\n");
    assert_eq!(
        errors("White,1000,80,48\nBlack,1000,70,56\n"),
        ["Row 1 looks like figures, not a header: start the table with a header row, like Group, \
          Population, IPS, Employed"]
    );
    assert_eq!(table.errors[0].row, 1);
}

#[test]
fn each_missing_column_is_named_with_what_it_may_be_called() {
    assert_eq!(
        errors("Group,Population\nA,100\n"),
        ["There is no IPS column: add a column headed IPS with the number of people in IPS in each \
          group (IPS clients, IPS caseload or IPS referrals also work)"]
    );
    assert_eq!(
        errors("Group,IPS\nA,100\n"),
        ["There is no population column: add a column headed Population with the number of people \
          in each group, or Population % with each group's share in percent"]
    );
    assert_eq!(
        errors("Population,IPS,Employed\n100,10,5\n"),
        [
            "There is no group column: add a column with the name of each group, headed Group or \
          with the breakdown's name, like Ethnicity"
        ]
    );
    let table = read_table("Ethnicity\nWhite\n");
    let columns: Vec<&str> = table.errors.iter().map(|e| e.column.as_str()).collect();
    assert_eq!(columns, ["Population", "IPS"]);
}

#[test]
fn a_column_given_twice_is_named() {
    assert_eq!(
        errors("Group,IPS,Population,IPS clients\nA,1,2,3\n"),
        ["Row 1, IPS clients: column D and column B (IPS) both give the number of people in IPS; \
          keep one"]
    );
}

#[test]
fn a_header_without_rows_says_so() {
    assert_eq!(
        errors("Group,Population,IPS\n\n"),
        ["The table has a header but no groups: add one row for each group under the header"]
    );
}

// Problems with rows

#[test]
fn rows_with_too_few_or_too_many_cells_are_named() {
    let text = "Group,Population,IPS,Employed\nA,100,40\nB,1,000,30,10\nC,100,30,10\n";
    assert_eq!(
        errors(text),
        [
            "Row 2 has 3 cells, but the header has 4",
            "Row 3 has 5 cells, but the header has 4: put any name or number with a comma in it in \
             quotes, like \"1,234\"",
        ]
    );
    let table = read_table(text);
    assert_eq!(table.errors[0].column, "Employed");
    assert_eq!(
        (
            table.errors[1].column.as_str(),
            table.errors[1].value.as_str()
        ),
        ("Column E", "10")
    );
    assert_eq!(
        errors("Group\tPopulation\tIPS\nA\t1\nB\t1\t1\t1\n"),
        [
            "Row 2 has 2 cells, but the header has 3",
            "Row 3 has 4 cells, but the header has 3"
        ]
    );
    assert_eq!(
        errors("Group\tPopulation\tIPS\nA\nB\t1\t1\n")[0],
        "Row 2 has 1 cell, but the header has 3"
    );
}

#[test]
fn empty_cells_beyond_the_header_are_padding() {
    let table = read_table("Group,Population,IPS\nA,100,10,,\nB,100,20,\n");
    assert_eq!(table.errors, vec![]);
}

#[test]
fn an_unclosed_quote_is_pointed_out_and_nothing_after_it_is_lost() {
    let text = "Group,Population,IPS\nA,100,10\n\"B,100,20\nC,100,30\n";
    let table = read_table(text);
    assert_eq!(errors(text), ["Row 3 has 1 cell, but the header has 3"]);
    assert_eq!(table.errors[0].breakdown, None);
    assert_eq!(
        errors("Group,Population,IPS\nA,100,10\nB,\"100,20\nC,100,30\n"),
        ["Row 3 has 2 cells, but the header has 3"]
    );
    assert_eq!(
        errors("Group,Population,IPS\nA,100,10\nB,100,\"20\nC,100,30\n"),
        ["Row 3, IPS: the cell runs over more than one line, perhaps because a quote mark (\") is not closed"]
    );
    let lost = read_table("Group,Population,IPS\nA,100,10\nB,100,\"20\nC,100,30\n");
    assert_eq!(lost.errors[0].value, "20\nC,100,30\n");
}

#[test]
fn a_blank_group_name_says_what_to_enter() {
    assert_eq!(
        errors("Group,Population,IPS\nA,100,10\n  ,100,20\nC,100,5\n"),
        ["Row 3, Group: enter the name of the group"]
    );
}

#[test]
fn a_blank_count_says_what_to_enter_in_each_column() {
    assert_eq!(
        errors("Group,Population,IPS,Employed\nA,,,\nB,100,20,5\nC,100,20,5\n"),
        [
            "Row 2, Population: enter the number of people in the population, or 0",
            "Row 2, IPS: enter the number of people in IPS, or 0",
            "Row 2, Employed: enter the number of people who gained employment, or 0",
        ]
    );
    assert_eq!(
        errors("Group,Population %,IPS\nA, ,10\nB,50,20\nC,50,5\n"),
        ["Row 2, Population %: enter the group's share of the population in percent, like 12.5"]
    );
}

#[test]
fn a_count_that_is_not_a_number_asks_for_a_whole_number() {
    assert_eq!(
        errors("Group,Population,IPS\nA,100,10\nB,100,forty\n"),
        ["Row 3, IPS: enter a whole number, like 40"]
    );
    assert_eq!(
        errors("Group,Population %,IPS\nA,half,10\nB,50,20\n"),
        ["Row 2, Population %: enter a percentage, like 12.5"]
    );
}

#[test]
fn figures_held_back_ask_for_the_figure_itself() {
    assert_eq!(
        errors("Group,Population,IPS\nA,100,*\nB,100,[c]\nC,100,<5\n"),
        [
            "Row 2, IPS: enter the number itself, not * (figures held back cannot be analysed)",
            "Row 3, IPS: enter the number itself, not [c] (figures held back cannot be analysed)",
            "Row 4, IPS: enter the number itself, not <5 (figures held back cannot be analysed)",
        ]
    );
    assert_eq!(
        errors("Group,Population %,IPS\nA,x,1\nB,50,2\n"),
        ["Row 2, Population %: enter the percentage itself, not x (figures held back cannot be analysed)"]
    );
}

#[test]
fn a_percentage_in_a_count_column_is_pointed_out() {
    assert_eq!(
        errors("Group,Population,IPS\nA,12%,5%\nB,88%,10\n"),
        [
            "Row 2, Population: enter a number of people, not 12% (head the column Population % if \
             it holds percentages)",
            "Row 2, IPS: enter a number of people, not 5%",
            "Row 3, Population: enter a number of people, not 88% (head the column Population % if \
             it holds percentages)",
        ]
    );
}

#[test]
fn negative_fractional_and_absurd_counts_are_named() {
    assert_eq!(
        errors("Group,Population,IPS,Employed\nA,12.5,-1,0\nB,5000000000000,10,2\n"),
        [
            "Row 2, Population: 12.5 is not a whole number",
            "Row 2, IPS: -1 is less than 0",
            "Row 3, Population: 5000000000000 is too large: the most the calculator takes is \
             1,000,000,000,000",
        ]
    );
}

#[test]
fn a_percentage_outside_0_to_100_is_named() {
    assert_eq!(
        errors("Group,Population %,IPS\nA,120%,10\nB,-5,20\n"),
        [
            "Row 2, Population %: 120% is not between 0 and 100",
            "Row 3, Population %: -5 is not between 0 and 100",
        ]
    );
}

#[test]
fn more_employed_than_in_ips_is_an_error() {
    let table = read_table("Group,Population,IPS,Employed\nA,100,40,52\nB,100,30,10\n");
    assert_eq!(
        errors("Group,Population,IPS,Employed\nA,100,40,52\nB,100,30,10\n"),
        ["Row 2, Employed: 52 is more than the 40 people in IPS"]
    );
    assert_eq!(table.errors[0].value, "52");
    assert_eq!(
        errors("Group,Population,IPS,Employed\nA,100,1,2\nB,100,30,10\n"),
        ["Row 2, Employed: 2 is more than the 1 person in IPS"]
    );
}

#[test]
fn more_in_ips_than_in_the_population_is_an_error_for_counts_only() {
    assert_eq!(
        errors("Group,Population,IPS\nA,100,120\nB,1000,1040\n"),
        [
            "Row 2, IPS: 120 is more than the 100 people in the population, which should include \
             everyone in IPS",
            "Row 3, IPS: 1040 is more than the 1,000 people in the population, which should \
             include everyone in IPS",
        ]
    );
    assert_eq!(
        errors("Group,Population %,IPS\nA,1,120\nB,99,10\n"),
        Vec::<String>::new()
    );
}

#[test]
fn a_group_given_twice_names_the_earlier_row() {
    assert_eq!(
        errors("Group,Population,IPS\nWhite,100,10\nBlack,100,20\nwhite ,100,30\n"),
        ["Row 4, Group: white is already in row 2"]
    );
    assert_eq!(
        errors("Group,Population,IPS\nA,100,10\nB,100,20\nUnknown,1,1\nunknown,1,1\n"),
        ["Row 5, Group: unknown is already in row 4"]
    );
}

#[test]
fn a_second_total_row_names_the_first() {
    assert_eq!(
        errors("Group,Population,IPS\nA,100,10\nB,100,20\nTotal,200,30\nAll,200,30\n"),
        ["Row 5, Group: row 4 is already the total row"]
    );
}

#[test]
fn a_breakdown_needs_two_groups() {
    assert_eq!(
        errors("Group,Population,IPS\nA,100,10\nTotal,100,10\n"),
        ["The table has only one group, A: add at least one more to compare"]
    );
    assert_eq!(
        errors("Ethnicity,Population,IPS\nNot known,100,10\nTotal,100,10\n"),
        ["The Ethnicity breakdown has no groups to compare: add at least two (rows like Total and \
          Not known are not groups)"]
    );
    let table = read_table("Group,Population,IPS\nA,100,10\n");
    assert_eq!(
        (
            table.errors[0].row,
            table.errors[0].column.as_str(),
            table.errors[0].value.as_str()
        ),
        (2, "Group", "A")
    );
}

#[test]
fn a_breakdown_with_no_one_in_ips_or_no_population_is_an_error() {
    assert_eq!(
        errors("Group,Population,IPS clients\nA,100,0\nB,100,0\nNot known,10,3\n"),
        ["The table has no one in IPS: the IPS clients column adds up to 0"]
    );
    assert_eq!(
        errors("Ethnicity,Population,IPS\nA,0,0\nB,0,0\n"),
        [
            "The Ethnicity breakdown has no one in IPS: the IPS column adds up to 0",
            "The Ethnicity breakdown has no population: the Population column adds up to 0",
        ]
    );
    assert_eq!(
        errors("Group,Population %,IPS\nA,0,1\nB,0%,2\nUnknown,100,2\n"),
        ["The table has no population: the Population % column adds up to 0"]
    );
}

#[test]
fn a_blank_breakdown_on_the_first_row_cannot_be_placed() {
    let text = "Breakdown,Group,Population,IPS\n,A,100,10\nSex,Female,100,10\nSex,Male,100,20\n";
    let table = read_table(text);
    assert_eq!(
        errors(text),
        ["Row 2, Breakdown: enter the breakdown the row belongs to, like Ethnicity"]
    );
    // The row might have belonged to any breakdown, so none is trusted.
    assert_eq!(table.breakdowns, vec![]);
}

// Collecting every problem

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let table = read_table("Group,Population,IPS,Employed\nA,100,40,52\nB,100,-1,0\n");
    let found: Vec<(usize, &str, &str)> = table
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str(), e.value.as_str()))
        .collect();
    assert_eq!(found, [(2, "Employed", "52"), (3, "IPS", "-1")]);
}

#[test]
fn errors_in_one_breakdown_leave_the_others_to_be_analysed() {
    let table = read_table(include_str!(
        "../../tests/fixtures/input/several_errors.csv"
    ));
    assert_eq!(
        table.errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "Row 3, IPS: enter a whole number, like 40",
            "Row 4, Employed: 52 is more than the 48 people in IPS",
            "Row 5, Group: white is already in row 2",
            "Row 6 has 6 cells, but the header has 5: put any name or number with a comma in it in \
             quotes, like \"1,234\"",
            "Row 8, IPS: -3 is less than 0",
            "Row 9, Employed: enter the number of people who gained employment, or 0",
            "Row 9, IPS: 25 is more than the 20 people in the population, which should include \
             everyone in IPS",
        ]
    );
    let breakdowns: Vec<Option<&str>> = table
        .errors
        .iter()
        .map(|e| e.breakdown.as_deref())
        .collect();
    assert_eq!(
        breakdowns,
        [
            Some("Ethnicity"),
            Some("Ethnicity"),
            Some("Ethnicity"),
            Some("Ethnicity"),
            Some("Sex"),
            Some("Sex"),
            Some("Sex")
        ]
    );
    assert_eq!(table.breakdowns.len(), 1);
    assert_eq!(table.breakdowns[0].name, "Age band");
    assert_eq!(names(&table.breakdowns[0].groups), ["18-24", "25-34"]);
}

// Size and robustness

#[test]
fn ten_thousand_rows_are_read() {
    let mut text = String::from("Group,Population,IPS,Employed\n");
    for index in 0..10_000 {
        text.push_str(&format!(
            "Group {index},{},{},{}\n",
            1000 + index,
            100 + index % 50,
            index % 50
        ));
    }
    let table = read_table(&text);
    assert_eq!(table.errors, vec![]);
    assert_eq!(table.breakdowns[0].groups.len(), 10_000);
    assert_eq!(
        table.breakdowns[0].groups[9_999],
        group("Group 9999", 10_001, 10_999.0, 149, Some(49))
    );
}

#[test]
fn huge_numbers_and_long_cells_are_reported_briefly() {
    let long = "9".repeat(5000);
    let table = read_table(&format!(
        "Group,Population,IPS\nA,{long},1\nB,1,{}\n",
        "x".repeat(5000)
    ));
    assert_eq!(
        table.errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            format!("Row 2, Population: {}... is too large: the most the calculator takes is 1,000,000,000,000", "9".repeat(37)),
            "Row 3, IPS: enter a whole number, like 40".to_string(),
        ]
    );
    assert_eq!(table.errors[0].value.len(), 5000);
}

/// A table of numbers in random shapes, delimiters and spellings.
fn number_table() -> impl Strategy<Value = String> {
    let cell = prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        (0u64..2_000_000).prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|x| x.to_string()),
        (0.0f64..120.0).prop_map(|x| format!("{x:.1}%")),
        Just(String::new()),
        Just("Total".to_string()),
        Just("Not known".to_string()),
        "[A-Za-z ]{0,8}",
        "[0-9.,\"% -]{0,8}",
    ];
    let header = prop::sample::select(vec![
        "Group,Population,IPS,Employed",
        "Breakdown,Group,Population %,IPS",
        "Ethnicity,Population,Population %,IPS,Employed",
        "Group,IPS,Employed",
        "Population,IPS",
    ]);
    (
        header,
        prop::collection::vec(prop::collection::vec(cell, 0..7), 0..30),
        prop::sample::select(vec![",", ";", "\t"]),
    )
        .prop_map(|(header, rows, delimiter)| {
            let mut text = header.replace(',', delimiter);
            for row in rows {
                text.push('\n');
                text.push_str(&row.join(delimiter));
            }
            text
        })
}

/// A valid table: two to eight groups, employed <= ips <= population, some
/// people in IPS and in the population.
fn valid_table() -> impl Strategy<Value = (Vec<(u64, u64, u64)>, &'static str)> {
    let row = (0u64..5_000_000).prop_flat_map(|population| {
        (Just(population), 0..=population)
            .prop_flat_map(|(population, ips)| (Just(population), Just(ips), 0..=ips))
    });
    (
        prop::collection::vec(row, 2..8).prop_filter("someone in IPS", |rows| {
            rows.iter().any(|&(_, ips, _)| ips > 0)
        }),
        prop::sample::select(vec![",", ";", "\t"]),
    )
}

proptest! {
    #[test]
    fn any_text_is_read_without_panicking(text in any::<String>()) {
        let table = read_table(&text);
        for error in &table.errors {
            prop_assert!(!error.to_string().is_empty());
        }
        for warning in &table.warnings {
            prop_assert!(!warning.to_string().is_empty());
        }
    }

    #[test]
    fn csv_like_text_is_read_without_panicking(text in "[A-Za-z0-9,;\t\"\r\n %.\u{feff}-]{0,200}") {
        let table = read_table(&text);
        prop_assert!(table.breakdowns.iter().all(|b| b.groups.len() >= 2));
    }

    #[test]
    fn tables_of_numbers_are_read_without_panicking(text in number_table()) {
        let table = read_table(&text);
        for breakdown in &table.breakdowns {
            prop_assert!(breakdown.groups.len() >= 2);
            for group in &breakdown.groups {
                if let Some(employed) = group.employed {
                    prop_assert!(employed <= group.ips);
                }
            }
        }
        for error in &table.errors {
            prop_assert!(!error.to_string().is_empty());
        }
    }

    #[test]
    fn valid_tables_are_read_exactly((rows, delimiter) in valid_table(), grouped in any::<bool>()) {
        let write = |n: u64| {
            if grouped && delimiter != "," {
                // Thousands separators in the convention of the delimiter.
                let separator = if delimiter == ";" { "." } else { "," };
                let digits = n.to_string();
                let mut out = String::new();
                for (index, digit) in digits.chars().enumerate() {
                    if index > 0 && (digits.len() - index) % 3 == 0 {
                        out.push_str(separator);
                    }
                    out.push(digit);
                }
                out
            } else {
                n.to_string()
            }
        };
        let mut text = ["Group", "Population", "IPS", "Employed"].join(delimiter);
        for (index, &(population, ips, employed)) in rows.iter().enumerate() {
            text.push_str(&format!("\r\nG{index}{delimiter}{}{delimiter}{}{delimiter}{}", write(population), write(ips), write(employed)));
        }
        let table = read_table(&text);
        prop_assert_eq!(&table.errors, &vec![]);
        let read: Vec<(u64, u64, u64)> = table.breakdowns[0]
            .groups
            .iter()
            .map(|g| (g.population as u64, g.ips, g.employed.unwrap_or(u64::MAX)))
            .collect();
        prop_assert_eq!(read, rows);
    }
}

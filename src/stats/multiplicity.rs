//! Adjusting p-values for multiple comparisons.

/// Holm's (1979) step-down adjustment, as statsmodels'
/// `multipletests(method="holm")` and R's `p.adjust(method = "holm")`.
///
/// With the m p-values sorted ascending, the j-th (from 0) is multiplied by
/// m - j, a running maximum keeps the adjusted values in the raw order, and
/// each is capped at 1. The result is in the input order. Holm controls the
/// family-wise error rate under any dependence between the tests, which suits
/// groups compared with one shared reference group.
///
/// ```
/// use ips_equity::stats::multiplicity::holm;
/// assert_eq!(holm(&[0.01, 0.04, 0.03]), vec![0.03, 0.06, 0.06]);
/// ```
pub fn holm(p_values: &[f64]) -> Vec<f64> {
    let m = p_values.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p_values[a].total_cmp(&p_values[b]));
    let mut adjusted = vec![0.0; m];
    let mut running_max: f64 = 0.0;
    for (rank, &index) in order.iter().enumerate() {
        let scaled = (m - rank) as f64 * p_values[index];
        running_max = running_max.max(scaled).min(1.0);
        adjusted[index] = running_max;
    }
    adjusted
}

#[cfg(test)]
mod tests {
    use super::holm;

    fn assert_close(got: &[f64], want: &[f64]) {
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() <= 1e-15, "got {got:?}, want {want:?}");
        }
    }

    #[test]
    fn matches_r_p_adjust() {
        // R: p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "holm")
        assert_close(
            &holm(&[0.01, 0.02, 0.03, 0.04, 0.05]),
            &[0.05, 0.08, 0.09, 0.09, 0.09],
        );
        // R: p.adjust(c(0.04, 0.001, 0.5, 0.02), "holm")
        assert_close(&holm(&[0.04, 0.001, 0.5, 0.02]), &[0.08, 0.004, 0.5, 0.06]);
    }

    #[test]
    fn ties_get_the_same_adjusted_value_whatever_their_order() {
        assert_close(&holm(&[0.01, 0.01, 0.2]), &[0.03, 0.03, 0.2]);
    }

    #[test]
    fn capped_at_one() {
        assert_close(&holm(&[0.6, 0.7, 0.9]), &[1.0, 1.0, 1.0]);
    }

    #[test]
    fn empty_and_single() {
        assert!(holm(&[]).is_empty());
        assert_close(&holm(&[0.3]), &[0.3]);
    }
}

//! Numbers for reading, the same wherever a figure is shown: report tables, prose and the
//! checks' own summaries.

/// Integers as integers; other values to three significant digits.
pub fn value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        let digits = (2 - v.abs().log10().floor() as i32).clamp(0, 6) as usize;
        format!("{v:.digits$}")
    }
}

/// Small p-values in scientific notation, so 1e-300 and 0.3 both read at a glance.
pub fn p_value(p: f64) -> String {
    match p {
        0.0 => "≈0".into(),
        p if p < 1e-3 => format!("{p:.0e}"),
        p => format!("{p:.2}"),
    }
}

/// "2, 3 and 8"; "(none in this run)" when empty.
pub fn list<T: ToString>(values: &[T]) -> String {
    match values {
        [] => "(none in this run)".into(),
        [one] => one.to_string(),
        [init @ .., last] => format!(
            "{} and {}",
            init.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            last.to_string()
        ),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn values_are_formatted_for_reading() {
        assert_eq!(super::value(10000.0), "10000");
        assert_eq!(super::value(37.3456), "37.3");
        assert_eq!(super::value(2.345), "2.35");
        assert_eq!(super::value(0.01234), "0.0123");
    }

    #[test]
    fn p_values_are_formatted_for_reading() {
        assert_eq!(super::p_value(0.0), "≈0");
        assert_eq!(super::p_value(3.2e-12), "3e-12");
        assert_eq!(super::p_value(0.456), "0.46");
    }

    #[test]
    fn lists_read_as_prose() {
        assert_eq!(super::list::<u8>(&[]), "(none in this run)");
        assert_eq!(super::list(&[2]), "2");
        assert_eq!(super::list(&[2, 3, 8]), "2, 3 and 8");
    }
}

//! Macro- and tuple-based designs need their sources as separate bindings. This expands a
//! design's body once per supported arity, binding the sources to `s0, s1, ...`.

/// Arities that select!-style and chained designs are instantiated at.
pub(crate) const FIXED: &[usize] = &[2, 3, 4, 8, 32];
/// futures-concurrency implements `Merge` for tuples of at most 12 streams.
pub(crate) const TUPLE: &[usize] = &[2, 3, 4, 8];

/// `with_sources!(sources, FIXED, my_macro!(args))` calls `my_macro!((args); s0, s1, ...)`
/// with the sources destructured. Callers check the arity first (see `try_drain`).
macro_rules! with_sources {
    ($sources:expr, TUPLE, $m:ident! $args:tt) => {
        with_sources!(@arms $sources, $m! $args, [
            2: s0 s1;
            3: s0 s1 s2;
            4: s0 s1 s2 s3;
            8: s0 s1 s2 s3 s4 s5 s6 s7;
        ])
    };
    ($sources:expr, FIXED, $m:ident! $args:tt) => {
        with_sources!(@arms $sources, $m! $args, [
            2: s0 s1;
            3: s0 s1 s2;
            4: s0 s1 s2 s3;
            8: s0 s1 s2 s3 s4 s5 s6 s7;
            32: s0 s1 s2 s3 s4 s5 s6 s7 s8 s9 s10 s11 s12 s13 s14 s15
                s16 s17 s18 s19 s20 s21 s22 s23 s24 s25 s26 s27 s28 s29 s30 s31;
        ])
    };
    (@arms $sources:expr, $m:ident! $args:tt, [$($n:literal: $($s:ident)+;)+]) => {{
        let sources: Vec<lab_workloads::Source> = $sources;
        match sources.len() {
            $($n => {
                // select! loops poll the sources through `&mut`; merges take them by value.
                #[allow(unused_mut)]
                let Ok([$(mut $s),+]) = <[lab_workloads::Source; $n]>::try_from(sources) else {
                    unreachable!()
                };
                $m!($args; $($s),+)
            })+
            n => unreachable!("arity {n} is checked by try_drain"),
        }
    }};
}

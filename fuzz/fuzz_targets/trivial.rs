//! The yardstick: libFuzzer's rate on a target that does nothing, on the same machine in
//! the same run, against which the lab's targets' rates are reported.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    std::hint::black_box(data.len());
});

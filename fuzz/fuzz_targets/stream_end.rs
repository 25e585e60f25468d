#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    lab_fuzz::check(lab_checks::fuzzing::Target::StreamEnd, data);
});

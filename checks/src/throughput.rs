pub const CHECK: &str = "throughput";

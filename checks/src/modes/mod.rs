//! Question 4 (seed 002's concurrency tables): does each implementation of a concurrency
//! mode do what its cell of the tables says?

pub mod ready_race;
pub mod semantics;

//! The one line-splitting routine every line splitter uses — each iterator style, the
//! generators and the synchronous floor — so that the styles differ only in their interface
//! and where they keep state, not in how they split bytes.

/// The bytes of the last chunk read that have not been split yet.
#[derive(Debug, Default)]
pub struct Splitter {
    chunk: Vec<u8>,
    pos: usize,
}

impl Splitter {
    /// Takes a chunk just read. The caller has split everything before it (asserted).
    pub fn push(&mut self, chunk: Vec<u8>) {
        assert_eq!(
            self.pos,
            self.chunk.len(),
            "a chunk pushed before the last was split"
        );
        self.chunk = chunk;
        self.pos = 0;
    }

    /// Moves bytes up to the next `\n` onto `line` and returns true if the line is complete;
    /// otherwise moves every remaining byte onto `line` and returns false (read more).
    pub fn next_line(&mut self, line: &mut Vec<u8>) -> bool {
        let rest = &self.chunk[self.pos..];
        match rest.iter().position(|&b| b == b'\n') {
            Some(i) => {
                line.extend_from_slice(&rest[..i]);
                self.pos += i + 1;
                true
            }
            None => {
                line.extend_from_slice(rest);
                self.pos = self.chunk.len();
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Splitter;

    #[test]
    fn lines_span_chunks_and_chunks_hold_several_lines() {
        let mut s = Splitter::default();
        let (mut line, mut out) = (Vec::new(), Vec::new());
        for chunk in [&b"ab\ncd"[..], b"e\n\nf", b"g\n"] {
            s.push(chunk.to_vec());
            while s.next_line(&mut line) {
                out.push(String::from_utf8(std::mem::take(&mut line)).unwrap());
            }
        }
        assert_eq!(out, ["ab", "cde", "", "fg"]);
        assert!(line.is_empty());
    }
}

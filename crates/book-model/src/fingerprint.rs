//! What a check's result depends on, so that a warm run can reuse it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// A hash of everything a check's result depends on. Two runs of a check
/// with equal fingerprints must give the same verdict; so a fingerprint must
/// take in the toolchain, the dependency versions and the checking code, as
/// well as the check's own inputs.
#[derive(Clone)]
pub struct Fingerprint(Sha256);

impl Fingerprint {
    /// A fingerprint for one check, named so that two checks with the same
    /// inputs still differ.
    pub fn new(check: &str) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(check.as_bytes());
        Fingerprint(hasher)
    }

    /// Adds a labelled piece of input (the label keeps `ab`+`c` apart from
    /// `a`+`bc`).
    pub fn add(&mut self, label: &str, bytes: impl AsRef<[u8]>) -> &mut Self {
        let bytes = bytes.as_ref();
        self.0.update((label.len() as u64).to_le_bytes());
        self.0.update(label.as_bytes());
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    /// Adds a file's contents; a missing file counts as a distinct input.
    pub fn add_file(&mut self, path: &Path) -> &mut Self {
        match fs::read(path) {
            Ok(bytes) => self.add(&path.to_string_lossy(), bytes),
            Err(_) => self.add(&path.to_string_lossy(), b"<missing>"),
        }
    }

    /// Adds a program that stands for checking code (the harness, the
    /// xtask). Cargo rewrites an executable whenever its code, or anything it
    /// links, changes; so its path, size and time of writing identify it
    /// without reading all of it (a test binary is large).
    pub fn add_executable(&mut self, path: &Path) -> io::Result<&mut Self> {
        let meta = fs::metadata(path)?;
        let written = meta
            .modified()?
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Ok(self.add(
            "executable",
            format!("{} {} {written}", path.display(), meta.len()),
        ))
    }

    /// Adds every file under `dir`, in a fixed order, with its relative path.
    /// A missing folder adds nothing.
    pub fn add_dir(&mut self, dir: &Path) -> io::Result<&mut Self> {
        if !dir.exists() {
            return Ok(self);
        }
        for relative in files_under(dir)? {
            let bytes = fs::read(dir.join(&relative))?;
            self.add(&relative.to_string_lossy(), bytes);
        }
        Ok(self)
    }

    /// The fingerprint as 64 hex digits.
    pub fn finish(&self) -> String {
        self.0
            .clone()
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Every file under `dir`, at any depth, relative to `dir`, sorted.
pub fn files_under(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path.strip_prefix(dir).unwrap_or(&path).to_path_buf());
            }
        }
    }
    files.sort();
    Ok(files)
}

/// The record of checks that passed: a file named after each passing
/// check's fingerprint, in `target/book-checks/passed/`, empty or holding
/// what the check measured. A check whose
/// fingerprint is recorded may be reused instead of run again. Setting
/// `BOOK_NO_CACHE=1` makes every check run.
pub struct PassRecord {
    dir: PathBuf,
    enabled: bool,
}

impl PassRecord {
    /// The record kept under `target` (the cargo target directory).
    pub fn new(target: &Path) -> Self {
        let off = crate::Setting::NoCache.is_on();
        PassRecord {
            dir: target.join("book-checks").join("passed"),
            enabled: !off,
        }
    }

    /// A record that reuses nothing and records nothing.
    pub fn disabled(mut self) -> Self {
        self.enabled = false;
        self
    }

    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// Whether a check with this fingerprint passed before.
    pub fn passed(&self, fingerprint: &Fingerprint) -> bool {
        self.enabled && self.dir.join(fingerprint.finish()).exists()
    }

    /// Records that a check with this fingerprint passed.
    pub fn record(&self, fingerprint: &Fingerprint) {
        self.record_with(fingerprint, "");
    }

    /// What a check with this fingerprint kept with its pass
    /// ([`PassRecord::record_with`]), if it passed before.
    pub fn kept(&self, fingerprint: &Fingerprint) -> Option<String> {
        if !self.enabled {
            return None;
        }
        fs::read_to_string(self.dir.join(fingerprint.finish())).ok()
    }

    /// Records that a check with this fingerprint passed, with what it
    /// measured (the verify tier's figures), so that reusing it gives them
    /// back.
    pub fn record_with(&self, fingerprint: &Fingerprint, kept: &str) {
        if self.enabled && fs::create_dir_all(&self.dir).is_ok() {
            let _ = fs::write(self.dir.join(fingerprint.finish()), kept);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_separate_inputs() {
        let a = Fingerprint::new("x").add("a", "bc").finish();
        let b = Fingerprint::new("x").add("ab", "c").finish();
        assert_ne!(a, b);
        assert_eq!(a, Fingerprint::new("x").add("a", "bc").finish());
        assert_ne!(a, Fingerprint::new("y").add("a", "bc").finish());
    }
}

//! Writing a file the operator chose so that it is either the whole new content or untouched: the content goes
//! to a temporary file in the same folder, is flushed to the disk, and is then renamed over the chosen name. A
//! failure halfway (a full disk, an error while producing the content) leaves no half-written file behind, and an
//! existing file of that name (which the save dialog already asked about) stays as it was.

use std::io::Write;
use std::path::Path;

/// Writes what `fill` produces to `path` atomically. `io_error` turns a file-system failure into the caller's error.
pub fn write<T, E>(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<T, E>,
    io_error: impl Fn(std::io::Error) -> E,
) -> Result<T, E> {
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    // Dropped (and so deleted) on every early return below.
    let mut temp = tempfile::Builder::new()
        .prefix(".blooio-export-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(&io_error)?;
    let value = {
        let mut out = std::io::BufWriter::new(temp.as_file_mut());
        let value = fill(&mut out)?;
        out.flush().map_err(&io_error)?;
        value
    };
    temp.as_file().sync_all().map_err(&io_error)?;
    temp.persist(path).map_err(|err| io_error(err.error))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_whole_or_leaves_it_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.csv");
        std::fs::write(&path, "old").expect("old file");

        let failed: Result<(), String> = write(
            &path,
            |out| {
                out.write_all(b"half").map_err(|e| e.to_string())?;
                Err("stopped".to_string())
            },
            |e| e.to_string(),
        );
        assert_eq!(failed, Err("stopped".to_string()));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "old");

        let written: Result<u32, String> = write(
            &path,
            |out| out.write_all(b"new").map(|()| 3).map_err(|e| e.to_string()),
            |e| e.to_string(),
        );
        assert_eq!(written, Ok(3));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(
            names,
            vec![std::ffi::OsString::from("out.csv")],
            "no temporary file left"
        );
    }
}

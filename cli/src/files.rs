//! Writing files safely (issue 29, item 2): the files cfsign writes (`keygen`'s key pair) are
//! created with `O_CREAT|O_EXCL|O_NOFOLLOW`, so a symlink, a FIFO or any file planted at their
//! path is never followed, opened or overwritten; their modes are set on the open file, whatever
//! the umask; missing folders are created 0700. An existing set is replaced only when asked
//! (`--force`), and then as a whole: every file is written complete under a temporary name in
//! the same folder and renamed into place only when all are, and a rename that fails puts the
//! old files back.

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// One file to write: its name in the folder, its bytes, its mode.
pub struct NewFile<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
    pub mode: u32,
}

/// Why files could not be written: the path concerned (or the folder) and what went wrong.
pub struct WriteError {
    pub path: PathBuf,
    pub problem: Problem,
}

pub enum Problem {
    /// The path exists (a file, a link, a FIFO...) and `--force` was not given.
    Exists,
    /// The folder is a symbolic link and `--force` was not given.
    SymlinkedFolder,
    /// The path is a folder, or a file is where a folder should be.
    NotAFile,
    NotAFolder,
    /// The folder cannot be read or created.
    Folder(io::Error),
    /// A file cannot be written.
    Io(io::Error),
}

fn error(path: &Path, problem: Problem) -> WriteError {
    WriteError {
        path: path.to_path_buf(),
        problem,
    }
}

/// Makes sure `dir` is a folder to write into: created 0700 (with its missing parents) when
/// absent; refused when it is a symbolic link, unless `force`.
pub fn prepare_dir(dir: &Path, force: bool) -> Result<(), WriteError> {
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if meta.file_type().is_symlink() => {
            if !force {
                return Err(error(dir, Problem::SymlinkedFolder));
            }
            match std::fs::metadata(dir) {
                Ok(target) if target.is_dir() => Ok(()),
                Ok(_) => Err(error(dir, Problem::NotAFolder)),
                Err(e) => Err(error(dir, Problem::Folder(e))),
            }
        }
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(error(dir, Problem::NotAFolder)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => create_dirs(dir),
        Err(e) => Err(error(dir, Problem::Folder(e))),
    }
}

fn create_dirs(dir: &Path) -> Result<(), WriteError> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| error(dir, Problem::Folder(e)))
}

/// Writes `files` into `dir` (which [`prepare_dir`] checked). Without `force`, every path must
/// be free; with it, existing files are replaced as described in the module's documentation.
pub fn write_all(dir: &Path, files: &[NewFile<'_>], force: bool) -> Result<(), WriteError> {
    for f in files {
        let path = dir.join(f.name);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() => return Err(error(&path, Problem::NotAFile)),
            Ok(_) if !force => return Err(error(&path, Problem::Exists)),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(error(&path, Problem::Io(e))),
        }
    }
    if force {
        replace_all(dir, files)
    } else {
        create_all(dir, files)
    }
}

/// Each file created under its own name, `O_EXCL`: a path taken since the check is refused, and
/// what was created before a failure is removed.
fn create_all(dir: &Path, files: &[NewFile<'_>]) -> Result<(), WriteError> {
    let mut created: Vec<PathBuf> = Vec::new();
    for f in files {
        let path = dir.join(f.name);
        let result = create_new(&path, f.mode).and_then(|file| {
            created.push(path.clone());
            fill(file, f)
        });
        if let Err(e) = result {
            for p in &created {
                let _ = std::fs::remove_file(p);
            }
            let problem = match e.kind() {
                io::ErrorKind::AlreadyExists => Problem::Exists,
                _ => Problem::Io(e),
            };
            return Err(error(&path, problem));
        }
    }
    sync_dir(dir);
    Ok(())
}

/// Every file written complete under a temporary name, then renamed into place; a rename that
/// fails undoes the ones before it (from hard-linked copies of the old files).
fn replace_all(dir: &Path, files: &[NewFile<'_>]) -> Result<(), WriteError> {
    let mut temps: Vec<PathBuf> = Vec::new();
    let cleanup = |paths: &[PathBuf]| {
        for p in paths {
            let _ = std::fs::remove_file(p);
        }
    };
    for f in files {
        match write_temp(dir, f) {
            Ok(temp) => temps.push(temp),
            Err(e) => {
                cleanup(&temps);
                return Err(error(&dir.join(f.name), Problem::Io(e)));
            }
        }
    }
    // The old files, kept under temporary names until every rename is done.
    let mut backups: Vec<Option<PathBuf>> = Vec::new();
    for f in files {
        let path = dir.join(f.name);
        let backup = temp_name(dir, f.name)
            .ok()
            .filter(|b| std::fs::hard_link(&path, b).is_ok());
        backups.push(backup);
    }
    let mut failure = None;
    let mut renamed = 0;
    for (f, temp) in files.iter().zip(&temps) {
        let path = dir.join(f.name);
        match std::fs::rename(temp, &path) {
            Ok(()) => renamed += 1,
            Err(e) => {
                failure = Some(error(&path, Problem::Io(e)));
                break;
            }
        }
    }
    if let Some(failure) = failure {
        for (f, backup) in files.iter().zip(&backups).take(renamed) {
            let path = dir.join(f.name);
            match backup {
                Some(b) => {
                    let _ = std::fs::rename(b, &path);
                }
                None => {
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
        cleanup(temps.get(renamed..).unwrap_or_default());
        cleanup(&backups.into_iter().flatten().collect::<Vec<_>>());
        return Err(failure);
    }
    cleanup(&backups.into_iter().flatten().collect::<Vec<_>>());
    sync_dir(dir);
    Ok(())
}

/// Writes `f` under a new temporary name in `dir`; its path.
fn write_temp(dir: &Path, f: &NewFile<'_>) -> io::Result<PathBuf> {
    for _ in 0..8 {
        let temp = temp_name(dir, f.name)?;
        match create_new(&temp, f.mode) {
            Ok(file) => {
                return match fill(file, f) {
                    Ok(()) => Ok(temp),
                    Err(e) => {
                        let _ = std::fs::remove_file(&temp);
                        Err(e)
                    }
                }
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("no free temporary name"))
}

/// `.NAME.<random>.tmp` in `dir`.
fn temp_name(dir: &Path, name: &str) -> io::Result<PathBuf> {
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).map_err(|_| io::Error::other("no random numbers"))?;
    let hex: String = random.iter().map(|b| format!("{b:02x}")).collect();
    let mut file = OsString::from(".");
    file.push(name);
    file.push(format!(".{hex}.tmp"));
    Ok(dir.join(file))
}

/// `O_WRONLY|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC` with `mode`.
fn create_new(path: &Path, mode: u32) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options
            .mode(mode)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
    }
    #[cfg(not(unix))]
    let _ = mode;
    options.open(path)
}

/// Sets the mode on the open file (the umask may have taken bits off, never added), writes the
/// bytes and waits for them to reach the disk.
fn fill(mut file: File, f: &NewFile<'_>) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(f.mode))?;
    }
    file.write_all(f.bytes)?;
    file.sync_all()
}

/// The renames and creations reach the disk (best effort: not every system syncs folders).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// The rename of the second file fails (a folder holds its place, which the checks of
    /// [`write_all`] would have refused): the first file is put back as it was, and no
    /// temporary file is left.
    #[test]
    fn a_failed_rename_puts_the_old_files_back() {
        let dir = std::env::temp_dir().join(format!("cfsign-files-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("b/inside")).unwrap();
        std::fs::write(dir.join("a"), "old a").unwrap();
        let files = [
            NewFile {
                name: "a",
                bytes: b"new a",
                mode: 0o600,
            },
            NewFile {
                name: "b",
                bytes: b"new b",
                mode: 0o644,
            },
        ];
        assert!(replace_all(&dir, &files).is_err());
        assert_eq!(std::fs::read_to_string(dir.join("a")).unwrap(), "old a");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["a", "b"]);
        // Without an old file to put back, the new one is removed.
        std::fs::remove_file(dir.join("a")).unwrap();
        assert!(replace_all(&dir, &files).is_err());
        assert!(!dir.join("a").exists());
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

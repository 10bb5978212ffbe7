//! Atomic file writes: a crash or an error mid-write never destroys the old
//! file, and a write of several files is all or nothing.
//!
//! Every file the crate writes goes through here:
//! - the new content goes to a temporary file beside the target, is synced,
//!   then renamed over it, so a reader sees the old file or the new one;
//! - a new file gets the mode a plain `File::create` would give it (0666 less
//!   the umask); an overwritten file keeps its own mode;
//! - a path that is a symbolic link is written through to the file it points
//!   to, and the link stays a link;
//! - only a regular file is replaced: a path that names a folder, a device,
//!   a FIFO or a socket is refused and left as it is (renaming over
//!   `/dev/null` would replace the device with a file);
//! - several files are written as one: every new file is complete before the
//!   first old one is replaced, and if a replacement fails, the ones replaced
//!   before it get their old contents back.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::{Error, Result};

/// How many symbolic links deep a path is followed (as Linux's own limit).
const MAX_LINKS: usize = 40;

/// Writes `bytes` to `path` atomically.
///
/// # Errors
/// [`Error::Io`] naming the path; the old file is then as it was.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_all_atomically(&[(path, bytes)])
}

/// Writes every `(path, bytes)` pair, all or nothing.
///
/// # Errors
/// [`Error::Io`] naming the path that failed; every file is then as it was.
pub(crate) fn write_all_atomically(files: &[(&Path, &[u8])]) -> Result<()> {
    // First every new file, complete, beside its target.
    let mut staged = Vec::with_capacity(files.len());
    for &(path, bytes) in files {
        staged.push(stage(path, bytes)?);
    }
    // Then the replacements, each undone if a later one fails.
    let mut replaced: Vec<Replaced> = Vec::with_capacity(staged.len());
    for staged_file in staged {
        match staged_file.replace() {
            Ok(done) => replaced.push(done),
            Err(e) => {
                for done in replaced.into_iter().rev() {
                    done.undo();
                }
                return Err(e);
            }
        }
    }
    for done in replaced {
        done.forget_backup();
    }
    Ok(())
}

/// A new file written and synced beside its target, not yet in its place.
struct Staged {
    /// The path the caller gave, for messages.
    path: PathBuf,
    /// Where the content goes: `path` with symbolic links followed.
    target: PathBuf,
    file: NamedTempFile,
}

/// A target replaced by its new content, with how to put the old one back.
struct Replaced {
    target: PathBuf,
    backup: Option<PathBuf>,
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::Io {
        action: "write",
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// Writes `bytes` to a temporary file in the target's folder, with the mode
/// the target will have, and syncs it.
fn stage(path: &Path, bytes: &[u8]) -> Result<Staged> {
    let io = io_error(path);
    if path.as_os_str().is_empty() {
        return Err(Error::Io {
            action: "write",
            path: "\"\"".to_owned(),
            message: "the path is empty: give the file's name".to_owned(),
        });
    }
    let target = follow_links(path).map_err(&io)?;
    if let Some(kind) = not_a_regular_file(&target) {
        return Err(Error::Io {
            action: "write",
            path: path.display().to_string(),
            message: format!(
                "it is {kind}, not a regular file; only a regular file (or a link to one) is replaced, and this is left as it is"
            ),
        });
    }
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".neuron-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // As `File::create`: 0666, less the umask (applied by the system).
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(folder).map_err(&io)?;
    if let Ok(old) = fs::metadata(&target) {
        // An overwritten file keeps its mode.
        fs::set_permissions(file.path(), old.permissions()).map_err(&io)?;
    }
    file.write_all(bytes).map_err(&io)?;
    file.as_file().sync_all().map_err(&io)?;
    Ok(Staged {
        path: path.to_owned(),
        target,
        file,
    })
}

impl Staged {
    /// Renames the new file over the target, keeping a hard link to the old
    /// one (if any) until the whole write has succeeded.
    fn replace(self) -> Result<Replaced> {
        let io = io_error(&self.path);
        let backup = if fs::symlink_metadata(&self.target).is_ok() {
            Some(backup_link(&self.target).map_err(&io)?)
        } else {
            None
        };
        match self.file.persist(&self.target) {
            Ok(_) => Ok(Replaced {
                target: self.target,
                backup,
            }),
            Err(e) => {
                // The target is untouched; the temporary file is removed.
                if let Some(backup) = backup {
                    let _ = fs::remove_file(backup);
                }
                Err(io(e.error))
            }
        }
    }
}

impl Replaced {
    /// Puts the old file back (or removes the new one, where there was none).
    fn undo(self) {
        let _ = match self.backup {
            Some(backup) => fs::rename(backup, &self.target),
            None => fs::remove_file(&self.target),
        };
    }

    fn forget_backup(self) {
        if let Some(backup) = self.backup {
            let _ = fs::remove_file(backup);
        }
    }
}

/// A second name for `target`'s current file, beside it, so that it can be put
/// back after `target` has been replaced.
fn backup_link(target: &Path) -> std::io::Result<PathBuf> {
    let folder = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut attempt = 0_u32;
    loop {
        let backup = folder.join(format!(
            ".{name}.neuron-old-{}-{attempt}",
            std::process::id()
        ));
        match fs::hard_link(target, &backup) {
            Ok(()) => return Ok(backup),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 1000 => {
                attempt += 1;
            }
            // A file system without hard links: a copy serves as well.
            Err(_) => {
                fs::copy(target, &backup)?;
                return Ok(backup);
            }
        }
    }
}

/// What `target` is, when it exists and is not a regular file: `"a folder"`,
/// `"a character device"`, …; `None` for a regular file or no file at all
/// (or one whose kind cannot be read: the write then says why it fails).
fn not_a_regular_file(target: &Path) -> Option<&'static str> {
    let kind = fs::metadata(target).ok()?.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("something other than a file")
}

/// `path` with every symbolic link followed to the file it names (which need
/// not exist yet).
fn follow_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_owned();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links in a row"
    )))
}

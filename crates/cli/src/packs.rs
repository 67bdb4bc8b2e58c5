//! `faultline packs check DIR…`: validate user data packs before using them, reporting every
//! problem as `path:line: problem`.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Subcommand};
use faultline_packs::Packs;
use serde::Serialize;

use crate::output::print_json;
use crate::{Global, PartialFailure};

#[derive(Args, Debug)]
pub struct PacksArgs {
    #[command(subcommand)]
    command: PacksCommand,
}

#[derive(Subcommand, Debug)]
enum PacksCommand {
    /// Check pack directories (each may hold actors/, gazetteer/, time/, facts/, acled/).
    Check {
        #[arg(required = true, value_name = "DIR")]
        dirs: Vec<PathBuf>,
    },
}

#[derive(Serialize)]
struct Problem {
    path: String,
    line: Option<usize>,
    message: String,
}

pub fn run(g: &Global, args: PacksArgs) -> Result<()> {
    let PacksCommand::Check { dirs } = args.command;
    for dir in &dirs {
        if !dir.is_dir() {
            anyhow::bail!("{}: not a directory", dir.display());
        }
    }
    let refs: Vec<&std::path::Path> = dirs.iter().map(PathBuf::as_path).collect();
    let (_, error) = Packs::with_user_dirs(&refs);
    let problems: Vec<Problem> = error
        .map(|e| {
            e.problems
                .into_iter()
                .map(|p| Problem {
                    path: p.path.display().to_string(),
                    line: p.line,
                    message: p.message,
                })
                .collect()
        })
        .unwrap_or_default();
    if g.json {
        print_json(&problems)?;
    } else if problems.is_empty() {
        crate::out!("no problems found")?;
    } else {
        for p in &problems {
            match p.line {
                Some(l) => crate::out!("{}:{}: {}", p.path, l, p.message)?,
                None => crate::out!("{}: {}", p.path, p.message)?,
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(PartialFailure.into())
    }
}

//! `modelgate sbom`: export the declared models as an ML-BOM.

use crate::cli::SbomArgs;
use crate::exit::Exit;

pub fn run(_args: SbomArgs) -> Exit {
    super::fail("not yet")
}

//! Every type expression of a spec, parsed once: the check's rules, the nesting limit and the
//! lowering all read this table, and none of them parses a type again.

use super::TyExpr;
use crate::load::LoadedFile;
use crate::spec;

/// A type expression as parsed: the type, or why it does not parse (the check reports it).
pub type Parsed = Result<TyExpr, String>;

/// The parsed types of a spec's files, by position: one entry per loaded file, in the order of
/// the files it was parsed from, which are the files the check and the lowering are then given.
#[derive(Default)]
pub struct TypeTable {
    files: Vec<FileTypes>,
}

/// The parsed types of one file.
#[derive(Default)]
pub struct FileTypes {
    /// Per schema, in the file's order (by name): its members' types, its fields' first, then
    /// its `one_of` variants' (see [`member_types`]).
    pub schemas: Vec<Vec<Parsed>>,
    /// Per operation, in the file's order (by id): its query parameters' types.
    pub queries: Vec<Vec<Parsed>>,
}

/// The type texts of `s`'s members, in the order [`FileTypes::schemas`] holds them.
pub fn member_types(s: &spec::Schema) -> impl Iterator<Item = &String> {
    let fields = s.fields.iter().flatten().map(|f| &f.ty);
    fields.chain(s.one_of.iter().flatten().map(|v| &v.ty))
}

impl TypeTable {
    /// Parses every type expression of `files`, each file on its own, on every core.
    pub fn parse(files: &[LoadedFile]) -> TypeTable {
        let files = crate::each_in_parallel(files.len(), |i| FileTypes::parse(&files[i]));
        TypeTable { files }
    }

    /// The types of file `i` (of the files the table was parsed from); none for another index.
    pub fn file(&self, i: usize) -> &FileTypes {
        const NONE: &FileTypes = &FileTypes {
            schemas: Vec::new(),
            queries: Vec::new(),
        };
        self.files.get(i).unwrap_or(NONE)
    }
}

impl FileTypes {
    fn parse(file: &LoadedFile) -> FileTypes {
        let schemas = file.spec.schemas.values();
        let operations = file.spec.operations.values();
        FileTypes {
            schemas: schemas
                .map(|s| member_types(s).map(|t| TyExpr::parse(t)).collect())
                .collect(),
            queries: operations
                .map(|o| {
                    o.query_params
                        .iter()
                        .map(|q| TyExpr::parse(&q.ty))
                        .collect()
                })
                .collect(),
        }
    }

    /// The member types of schema `i` of the file; none for another index.
    pub fn schema(&self, i: usize) -> &[Parsed] {
        self.schemas.get(i).map_or(&[], Vec::as_slice)
    }

    /// The query parameter types of operation `i` of the file; none for another index.
    pub fn query(&self, i: usize) -> &[Parsed] {
        self.queries.get(i).map_or(&[], Vec::as_slice)
    }
}

//! Placeholder language stage; replaced by whatlang + lingua detection.

use faultline_model::Language;

pub fn detect_language(_text: &str, _declared: Option<&str>) -> Language {
    Language::undetermined()
}

pub mod browser;
pub mod output;
pub mod site;

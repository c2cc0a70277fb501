//! Custom report configurations and exports.

affiliate_common::open_enum! {
    /// The state of an export.
    pub enum ExportStatus {
        /// Queued.
        Queued = "queued",
        /// Being built.
        Processing = "processing" | "in_progress",
        /// Ready: `file_url` is set.
        Completed = "completed" | "complete" | "done",
        /// Failed.
        Failed = "failed",
    }
}

//! Custom report configurations and exports.

model! {
    /// A saved custom report (configuration only).
    pub struct ReportConfiguration keyed {
        /// The report's name.
        name: str,
        /// The report type.
        #[serde(rename = "type")]
        kind: str,
        /// The report's settings.
        configuration: map,
    }
}

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

model! {
    /// A report export (`GET /vendor-report-export/export/{key}`).
    pub struct ReportExport keyed {
        /// The export's state.
        status: opt(ExportStatus),
        /// The download URL, once ready.
        file_url: str,
        /// The file name, once ready.
        file_name: str,
        /// The report configuration exported.
        vendor_report_configuration_key: str,
        /// The teammate the file is emailed to.
        member_email: str,
    }
}

body! {
    /// The body of `POST /vendor-report-export/{configuration_key}`: which
    /// teammate receives the file by email. Field names are unverified.
    pub struct ExportReport {
        required {
            /// The teammate's email.
            member_email: String,
        }
        optional {}
    }
}

body! {
    /// The body of `POST /exports/base-records`.
    pub struct BaseRecordsExport {
        required {
            /// The teammate who receives the export.
            member_email: String,
        }
        optional {}
        lists {
            /// The record types to export (`partnerships`, `customers`, ...).
            export_types: String,
        }
    }
}

model! {
    /// `data` of `POST /exports/base-records`. The vendor documents no
    /// shape; this is the one the crate's sandbox and fixtures use, and any
    /// other keys stay in `extra`.
    pub struct BaseRecordsExportResult {
        /// Whether the export was accepted.
        queued: bool,
        /// The teammate who receives the export.
        member_email: str,
        /// The record types queued.
        export_types: strings,
        /// When the export was queued.
        queued_at: time,
    }
}

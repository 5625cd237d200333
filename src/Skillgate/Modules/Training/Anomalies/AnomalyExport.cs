using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Training.Anomalies;

internal static class AnomalyExport
{
    public static byte[] Create(IReadOnlyList<AnomalyDto> anomalies, Texts t) =>
        XlsxFile.Create(t["anomalies.title"], [t["sessions.title"], t["sessions.starts_at"], t["users.employee_no"], t["field.name"], t["sessions.flags"], t["anomalies.review"], t["anomalies.comment"]],
                anomalies.Select(a => new object?[]
                {
                    a.SessionTitle, a.SessionStart.UtcDateTime, a.EmployeeNo, a.EmployeeName, t[a.Source == "photo" ? TrainingVocabularies.PhotoFlag : TrainingVocabularies.CheckInFlag, a.Flag].Value,
                    a.Decision is null ? "" : t[TrainingVocabularies.AnomalyDecision, a.Decision].Value, a.Comment,
                }));
}

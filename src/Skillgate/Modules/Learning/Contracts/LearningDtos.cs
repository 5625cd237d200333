using System.ComponentModel.DataAnnotations;

namespace Skillgate.Modules.Learning.Contracts;

/// <summary>A course: type online, classroom, practical, on_the_job or external; draft → in_review → published → retired.</summary>
public sealed record CourseInput(
    string Code, string Title, [property: AllowedValues("online", "classroom", "practical", "on_the_job", "external")] string Kind, decimal ClassHours, string? Description, Guid? OwnerUnitId, int Points, decimal CostPerParticipant,
    int MinMaterialPercent = 90, bool RequiresExam = true, int? CertificateMonths = null,
    decimal? Credits = null, [property: AllowedValues(null, "class_1_national", "class_1_provincial", "class_2")] string? CreditCategory = null);

/// <summary>A draft course's settings; <see cref="Credits"/> and <see cref="CreditCategory"/> go together (continuing-education credits).</summary>
public sealed record CourseUpdate(
    string Title, string Kind, decimal ClassHours, string? Description, Guid? OwnerUnitId, int Points, decimal CostPerParticipant,
    int MinMaterialPercent, bool RequiresExam, int? CertificateMonths, int Version,
    decimal? Credits = null, [property: AllowedValues(null, "class_1_national", "class_1_provincial", "class_2")] string? CreditCategory = null);

public sealed record CourseSummary(Guid Id, string Code, string Title, string Kind, string Status, int Revision, decimal ClassHours, int Points, double? Rating, int RatingCount);

public sealed record CourseDto(
    Guid Id, string Code, string Title, string Kind, decimal ClassHours, string Description, Guid? OwnerUnitId, string? OwnerUnitName, int Points,
    decimal CostPerParticipant, int MinMaterialPercent, bool RequiresExam, int? CertificateMonths, int Revision, string Status, Guid AuthorId, string AuthorName,
    string? PublishedByName, DateTimeOffset? PublishedAt, IReadOnlyList<CourseDocumentDto> Documents, IReadOnlyList<CourseSkillDto> Skills,
    IReadOnlyList<MaterialDto> Materials, IReadOnlyList<ReviewStepDto> Reviews, double? Rating, int RatingCount, int Version,
    decimal? Credits = null, string? CreditCategory = null);

public sealed record CourseDocumentDto(Guid DocumentVersionId, string Label);

public sealed record CourseSkillDto(Guid SkillId, string Name, int Level);

public sealed record MaterialDto(Guid Id, Guid FileId, string Title, string Kind, string ContentType, int Pages, long Size);

public sealed record ReviewStepDto(int Revision, string Action, string? Comment, string UserName, DateTimeOffset At, string? SignatureMeaning);

/// <summary>The standard versions the course trains on and the skill levels it raises.</summary>
public sealed record CourseLinksInput(IReadOnlyList<Guid>? DocumentVersionIds, IReadOnlyList<CourseSkillInput>? Skills, int Version);

public sealed record CourseSkillInput(Guid SkillId, int Level);

/// <summary>QA returns a course in review to draft with a comment.</summary>
public sealed record ReturnInput(string? Comment);

/// <summary>QA approves a course in review with an electronic signature (not the author).</summary>
public sealed record ApproveInput(string? Password, string? Meaning, string? Comment);

public sealed record InstructorInput([property: AllowedValues("internal", "external")] string Kind, Guid? EmployeeId, string? Name, string? Organization, string? Subjects, IReadOnlyList<Guid>? CourseIds);

public sealed record InstructorDto(
    Guid Id, string Kind, Guid? EmployeeId, string Name, string? Organization, string Subjects, bool Active, IReadOnlyList<Guid> CourseIds,
    IReadOnlyList<string> CourseCodes, double? Rating, int RatingCount);

/// <summary>
/// A question. Single / true_false: answerKey holds the index of the right option; multiple: the indices of all right options;
/// fill: the accepted answers; short: a model answer (graded by a person).
/// </summary>
public sealed record QuestionInput(
    Guid? CourseId, Guid? SkillId, [property: AllowedValues("single", "multiple", "true_false", "fill", "short")] string Kind, string Stem, IReadOnlyList<string>? Options, IReadOnlyList<string>? AnswerKey, int Difficulty,
    IReadOnlyList<string>? Tags);

public sealed record QuestionDto(
    Guid Id, Guid? CourseId, string? CourseCode, Guid? SkillId, string? SkillName, string Kind, string Stem, IReadOnlyList<string> Options,
    IReadOnlyList<string> AnswerKey, int Difficulty, IReadOnlyList<string> Tags, bool Active);

public sealed record QuestionQuery(Guid? CourseId = null, Guid? SkillId = null, string? Kind = null, string? Tag = null, string? Q = null, int Page = 1, int PageSize = 50);

/// <summary>What an import did: questions imported, errors (none when imported) and warnings such as note lines under the table that were left out.</summary>
public sealed record QuestionImportResult(int Imported, IReadOnlyList<QuestionImportError> Errors, IReadOnlyList<string> Warnings);

/// <summary>A problem in an uploaded question file: the file's own sheet name, the row, and the column's letter and header.</summary>
public sealed record QuestionImportError(int Row, string Column, string Message, string Sheet);

/// <summary>An exam paper: fixed questions or drawn by rules (kind, tag, minimum difficulty, count).</summary>
public sealed record PaperInput(
    Guid CourseId, string Title, string Mode, int TimeLimitMinutes, int PassMark = 80, int AttemptsAllowed = 3, bool Shuffle = true,
    IReadOnlyList<PaperQuestionInput>? Questions = null, IReadOnlyList<PaperRuleInput>? Rules = null);

public sealed record PaperQuestionInput(Guid QuestionId, int Points);

public sealed record PaperRuleInput(string QuestionKind, string? Tag, int MinDifficulty, int Count, int Points);

public sealed record PaperDto(
    Guid Id, Guid CourseId, string CourseCode, string Title, string Mode, int TimeLimitMinutes, int PassMark, int AttemptsAllowed, bool Shuffle, bool Active,
    IReadOnlyList<PaperQuestionInput> Questions, IReadOnlyList<PaperRuleDto> Rules, int MaxScore);

/// <summary>A rule and how many questions of the bank match it now.</summary>
public sealed record PaperRuleDto(Guid Id, string QuestionKind, string? Tag, int MinDifficulty, int Count, int Points, int Available);

/// <summary>What the candidate sees of an attempt: never the answer key before it is submitted.</summary>
public sealed record AttemptView(
    Guid Id, Guid PaperId, string PaperTitle, string CourseTitle, int Number, int AttemptsAllowed, string Status, DateTimeOffset StartedAt,
    DateTimeOffset Deadline, DateTimeOffset ServerNow, int PassMark, IReadOnlyList<AttemptQuestion> Questions, IReadOnlyDictionary<string, IReadOnlyList<string>> Answers,
    AttemptResult? Result);

/// <summary>A question as shown in an attempt: options in the shown order; answers are given as shown option indices.</summary>
public sealed record AttemptQuestion(string Key, string Kind, string Stem, IReadOnlyList<string> Options, int Points);

public sealed record AttemptResult(decimal? Score, decimal MaxScore, decimal? Percent, bool? Passed, string Status, Guid? CertificateId, IReadOnlyList<AttemptReview>? Review);

/// <summary>After submission: each question's outcome (and the right answer).</summary>
public sealed record AttemptReview(string Key, decimal Points, decimal Awarded, bool? Correct, IReadOnlyList<string> RightAnswer);

/// <summary>Answers by question key: shown option indices for choice questions, the text for fill-in and short answers.</summary>
public sealed record AnswersInput(IReadOnlyDictionary<string, IReadOnlyList<string>>? Answers);

public sealed record AttemptSummary(
    Guid Id, Guid PaperId, string PaperTitle, Guid EmployeeId, string EmployeeNo, string EmployeeName, int Number, string Status, DateTimeOffset StartedAt,
    DateTimeOffset? SubmittedAt, decimal? Percent, bool? Passed);

/// <summary>Points a grader gives for short answers, by question key.</summary>
public sealed record GradeInput(IReadOnlyDictionary<string, decimal> Points);

public sealed record EnrollInput(IReadOnlyList<Guid> EmployeeIds, DateOnly? DueOn);

public sealed record ProgressInput(Guid MaterialId, int Percent, int Position);

public sealed record LearningItem(
    Guid CourseId, string Code, string Title, string Kind, string Source, DateOnly? DueOn, int ProgressPercent, bool MaterialsDone, bool ExamPassed,
    string Status, Guid? OpenAttemptId, Guid? PaperId, int AttemptsUsed, int AttemptsAllowed, Guid? CertificateId, bool FeedbackGiven, Guid? LastMaterialId);

public sealed record MyLearning(IReadOnlyList<LearningItem> Assigned, IReadOnlyList<RecommendationDto> Recommended, IReadOnlyList<CertificateDto> Certificates);

public sealed record MaterialProgressDto(Guid MaterialId, int Percent, int Position);

public sealed record PracticalDto(
    Guid Id, Guid CourseId, string CourseTitle, Guid EmployeeId, string EmployeeName, DateTimeOffset? ReadAt, DateTimeOffset? ObservedAt, string? ObservedBy,
    DateTimeOffset? PerformedAt, string? PerformedByName, DateTimeOffset? SignedOffAt, string? SignedOffByName, IReadOnlyList<Guid> EvidenceFileIds, string? Note, string Step);

public sealed record PracticalStart(Guid CourseId, Guid EmployeeId);

/// <summary>An evaluator's step: perform (with evidence photos) or sign-off (with an electronic signature).</summary>
public sealed record PracticalStepInput(string Step, IReadOnlyList<Guid>? EvidenceFileIds, string? Note, string? Password, string? Meaning);

public sealed record ExternalCompletionInput(Guid EmployeeId, DateOnly CompletedOn, Guid EvidenceFileId);

public sealed record CompletionDto(Guid Id, Guid CourseId, string CourseCode, string CourseTitle, Guid EmployeeId, string EmployeeName, string Source, DateOnly CompletedOn, Guid? CertificateId);

public sealed record CertificateDto(Guid Id, string Number, Guid CourseId, string CourseTitle, Guid EmployeeId, string EmployeeName, DateOnly IssuedOn, DateOnly? ValidUntil, bool Revoked);

/// <summary>
/// The public answer of the verification page: genuine (issued here and not revoked), whether it is still current, and when it
/// was revoked if it was.
/// </summary>
public sealed record CertificateVerification(
    bool Genuine, bool Current, string? Number, string? EmployeeName, string? CourseTitle, DateOnly? IssuedOn, DateOnly? ValidUntil, bool Revoked, DateOnly? RevokedOn = null);

public sealed record FeedbackInput(Guid CourseId, Guid? InstructorId, int Content, int? Instructor, int Applicability, string? Comment);

public sealed record FeedbackDto(Guid Id, Guid CourseId, Guid? InstructorId, int Content, int? Instructor, int Applicability, string? Comment, DateTimeOffset CreatedAt);

/// <summary>Used by the training module (classroom attendance): completes a course for an employee through the same path as exams.</summary>
public interface ICourseCompletions
{
    Task<Guid> CompleteAsync(Guid courseId, Guid employeeId, string source, DateOnly completedOn, Guid? evidenceFileId, CancellationToken ct);

    /// <summary>
    /// Revokes a completion (its evidence no longer counts): its certificates are revoked and what it proved in competence is
    /// withdrawn from now on. Runs inside the caller's transaction; revoking twice changes nothing.
    /// </summary>
    Task RevokeAsync(Guid completionId, string reason, CancellationToken ct);
}

public sealed record CourseInfo(Guid Id, string Code, string Title, string Kind, string Status, bool RequiresExam, decimal CostPerParticipant = 0);

/// <summary>What the training module needs to know about courses: which exist, whether they can be scheduled, exam results.</summary>
public interface ICourseCatalog
{
    Task<CourseInfo?> CourseAsync(Guid courseId, CancellationToken ct);

    Task<bool> ExamPassedAsync(Guid courseId, Guid employeeId, CancellationToken ct);

    /// <summary>Every course not retired (drafts included: a need or a mapping may name a course still being written).</summary>
    Task<IReadOnlyList<CourseInfo>> CurrentAsync(CancellationToken ct);
}

/// <summary>Someone who could be invited to a course, with the statuses of the requirements it would close (empty: no gap).</summary>
public sealed record CandidateDto(Guid EmployeeId, string EmployeeNo, string Name, string OrgUnitName, string? PositionName, string[] Gaps);

/// <summary>The course a learning result is about, as its listeners name and weigh it.</summary>
public sealed record LearnedCourse(Guid Id, string Code, string Title, decimal ClassHours, int Points);

/// <summary>A course completed for a person (by any proof), as the modules listening to learning results see it.</summary>
public sealed record CourseCompleted(Guid CompletionId, LearnedCourse Course, int Revision, Guid EmployeeId, string Source, DateTimeOffset At);

/// <summary>A graded exam attempt that passed; Percent is the attempt's score in percent.</summary>
public sealed record ExamPassed(Guid AttemptId, LearnedCourse Course, Guid EmployeeId, decimal Percent, DateTimeOffset At);

/// <summary>A practical task signed off as passed.</summary>
public sealed record PracticalPassed(Guid PracticalId, LearnedCourse Course, Guid EmployeeId, DateTimeOffset At);

/// <summary>
/// Told of learning results inside the transaction that records them (points pay for them): a completion, its revocation, a
/// passed exam, a passed practical. A listener must be idempotent — the same result may be told again by a retry or a replay.
/// </summary>
public interface ILearningResultListener
{
    Task CompletedAsync(CourseCompleted completed, CancellationToken ct);

    Task CompletionRevokedAsync(Guid completionId, string reason, CancellationToken ct);

    Task ExamPassedAsync(ExamPassed passed, CancellationToken ct);

    Task PracticalPassedAsync(PracticalPassed passed, CancellationToken ct);
}

/// <summary>
/// A course recommended to a person, ranked by what it closes: tier 1 a requirement that blocks their post, 2 one expiring or to
/// retrain, 3 a skill level below their post's, 4 a need naming them, 5 their own wish, 6 what colleagues on their post found useful.
/// Every reason it closes is given in words; Enrolled says whether they are already on it.
/// </summary>
public sealed record RecommendationDto(Guid CourseId, string Code, string Title, string Kind, int Tier, string TierName, IReadOnlyList<string> Reasons, DateOnly? DueOn, bool Enrolled);

/// <summary>A team member with their first recommendations.</summary>
public sealed record TeamRecommendationDto(Guid EmployeeId, string EmployeeNo, string Name, string OrgUnitName, int Gaps, IReadOnlyList<RecommendationDto> Top);

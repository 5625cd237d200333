using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Modules.Learning.Completions;
using Skillgate.Modules.Learning.Papers;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Exams;

/// <summary>
/// Exam attempts. The timer is on the server (a deadline stored with the attempt), one attempt at a time per person and paper
/// (a unique index), the answer key never leaves the server before submission, and leaving and re-entering continues the
/// same attempt with its saved answers. Past the deadline an attempt is closed with the answers saved in time.
/// </summary>
internal sealed class ExamHandler(LearningDb db, CurrentUser me, CompletionRules rules, AttemptResults results, TimeProvider clock, Texts t)
{
    /// <summary>Network delay allowed between the deadline and a submission that was sent in time.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);

    public async Task<AttemptView> StartAsync(Guid paperId, CancellationToken ct)
    {
        var employeeId = Me();
        var paper = await db.PaperAsync(paperId, ct) is { Active: true } found ? found : throw new NotFoundException("paper");
        if ((await db.CourseAsync(paper.CourseId, ct))!.Status != CourseStatus.Published)
        {
            throw new RuleViolationException("course_not_published", t["learning.course_not_published"]);
        }

        var open = await db.Set<Attempt>().FirstOrDefaultAsync(a => a.EmployeeId == employeeId && a.PaperId == paperId && a.Status == AttemptStatus.InProgress, ct);
        if (open is not null)
        {
            if (!await CloseIfLateAsync(open, ct))
            {
                throw new RuleViolationException("attempt_in_progress", t["learning.attempt_in_progress"], new Dictionary<string, object?> { ["attemptId"] = open.Id });
            }
        }

        var used = await db.Set<Attempt>().CountAsync(a => a.EmployeeId == employeeId && a.PaperId == paperId, ct);
        if (used >= paper.AttemptsAllowed)
        {
            // A start that raced another one counts the winner's new attempt: that attempt is in progress, not the attempts exhausted.
            var racing = await db.Set<Attempt>().Where(a => a.EmployeeId == employeeId && a.PaperId == paperId && a.Status == AttemptStatus.InProgress)
                .Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
            throw racing is { } racingId
                ? new RuleViolationException("attempt_in_progress", t["learning.attempt_in_progress"], new Dictionary<string, object?> { ["attemptId"] = racingId })
                : new RuleViolationException("attempts_exhausted", t["learning.attempts_exhausted", paper.AttemptsAllowed]);
        }

        var items = await DrawAsync(paper, ct);
        var now = clock.GetUtcNow();
        var attempt = new Attempt
        {
            Id = Guid.CreateVersion7(), PaperId = paperId, EmployeeId = employeeId, Number = used + 1, StartedAt = now, Deadline = now.AddMinutes(paper.TimeLimitMinutes),
            Items = Attempt.Write(items), MaxScore = items.Sum(i => i.Points),
        };
        db.Add(attempt);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.Entry(attempt).State = EntityState.Detached;
            var winner = await db.Set<Attempt>().Where(a => a.EmployeeId == employeeId && a.PaperId == paperId && a.Status == AttemptStatus.InProgress)
                .Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
            throw new RuleViolationException("attempt_in_progress", t["learning.attempt_in_progress"], new Dictionary<string, object?> { ["attemptId"] = winner });
        }

        return await ToViewAsync(attempt, ct);
    }

    /// <summary>The candidate's own attempt; anyone else's answers 404. An attempt whose time is up is closed first.</summary>
    public async Task<AttemptView> ViewAsync(Guid id, CancellationToken ct)
    {
        var attempt = await OwnAsync(id, ct);
        await CloseIfLateAsync(attempt, ct);
        return await ToViewAsync(attempt, ct);
    }

    public async Task SaveAnswersAsync(Guid id, AnswersInput input, CancellationToken ct)
    {
        var attempt = await OpenAsync(id, ct);
        attempt.Answers = Attempt.Write(Merge(attempt, input));
        await db.SaveChangesAsync(ct);
    }

    /// <remarks>The phone's autosave may still be writing the last answer when the candidate submits; the submission then reads the attempt again.</remarks>
    public async Task<AttemptView> SubmitAsync(Guid id, AnswersInput input, CancellationToken ct)
    {
        for (var round = 1; ; round++)
        {
            try
            {
                var submitted = await SubmitOnceAsync(id, input, ct);
                Platform.Telemetry.SkillgateMetrics.ExamSubmissions.Add(1);
                return submitted;
            }
            catch (DbUpdateConcurrencyException) when (round < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<AttemptView> SubmitOnceAsync(Guid id, AnswersInput input, CancellationToken ct)
    {
        var attempt = await OpenAsync(id, ct);
        var answers = Merge(attempt, input);
        attempt.Answers = Attempt.Write(answers);
        attempt.SubmittedAt = clock.GetUtcNow();
        var questions = await GradeAndCompleteAsync(attempt, ct);
        return await ToViewAsync(attempt, ct, questions);
    }

    private async Task<List<AttemptItem>> DrawAsync(Paper paper, CancellationToken ct)
    {
        var items = new List<AttemptItem>();
        if (paper.Mode == "fixed")
        {
            var fixedQuestions = await (from pq in db.Set<PaperQuestion>()
                                        join q in db.Set<Question>() on pq.QuestionId equals q.Id
                                        where pq.PaperId == paper.Id && q.Active
                                        orderby pq.Position
                                        select new { q.Id, q.Kind, Options = q.Options.Length, pq.Points }).ToListAsync(ct);
            items.AddRange(fixedQuestions.Select(q => Item(q.Id, q.Kind, q.Options, q.Points, paper.Shuffle)));
        }
        else
        {
            var pool = await QuestionPool.ForCourseAsync(db, paper.CourseId, ct);
            foreach (var rule in await db.Set<PaperRule>().Where(r => r.PaperId == paper.Id).OrderBy(r => r.Sort).ToListAsync(ct))
            {
                var drawn = items.Select(i => i.QuestionId).ToList();
                var candidates = await QuestionPool.Matching(pool, rule.QuestionKind, rule.Tag, rule.MinDifficulty)
                    .Where(q => !drawn.Contains(q.Id)).Select(q => new { q.Id, q.Kind, Options = q.Options.Length }).ToListAsync(ct);
                if (candidates.Count < rule.Count)
                {
                    throw new RuleViolationException("not_enough_questions", t["learning.not_enough_questions", rule.Count, candidates.Count]);
                }

                items.AddRange(candidates.OrderBy(_ => Random.Shared.Next()).Take(rule.Count).Select(q => Item(q.Id, q.Kind, q.Options, rule.Points, paper.Shuffle)));
            }
        }

        if (items.Count == 0)
        {
            throw new RuleViolationException("not_enough_questions", t["learning.paper_empty"]);
        }

        if (paper.Shuffle)
        {
            items = [.. items.OrderBy(_ => Random.Shared.Next())];
        }

        return items.Select((item, i) => item with { Key = "q" + (i + 1) }).ToList();
    }

    private static AttemptItem Item(Guid questionId, string kind, int options, int points, bool shuffle)
    {
        var order = Enumerable.Range(0, options).ToArray();
        if (shuffle && kind is QuestionKind.Single or QuestionKind.Multiple)
        {
            Random.Shared.Shuffle(order);
        }

        return new AttemptItem("", questionId, points, order);
    }

    private async Task<bool> CloseIfLateAsync(Attempt attempt, CancellationToken ct)
    {
        if (attempt.Status != AttemptStatus.InProgress || clock.GetUtcNow() <= attempt.Deadline + Grace)
        {
            return false;
        }

        attempt.SubmittedAt = attempt.Deadline;
        await GradeAndCompleteAsync(attempt, ct, expired: true);
        return true;
    }

    private async Task<Attempt> OpenAsync(Guid id, CancellationToken ct)
    {
        var attempt = await OwnAsync(id, ct);
        if (attempt.Status != AttemptStatus.InProgress)
        {
            throw new RuleViolationException("attempt_closed", t["learning.attempt_closed"]);
        }

        if (await CloseIfLateAsync(attempt, ct))
        {
            throw new RuleViolationException("time_up", t["learning.time_up"]);
        }

        return attempt;
    }

    /// <returns>The attempt's questions, for its result.</returns>
    private async Task<Dictionary<Guid, Question>> GradeAndCompleteAsync(Attempt attempt, CancellationToken ct, bool expired = false)
    {
        var items = attempt.ReadItems();
        var questions = await results.QuestionsAsync(items, ct);
        var answers = attempt.ReadAnswers();
        var graded = items.Select(i => ExamGrader.Grade(i, questions[i.QuestionId], answers.GetValueOrDefault(i.Key)) is { } outcome
            ? i with { Awarded = outcome.Awarded }
            : i with { Awarded = expired ? 0 : null }).ToList();
        attempt.Score = graded.Sum(i => i.Awarded ?? 0);
        var status = expired ? AttemptStatus.Expired : graded.Any(i => i.Awarded is null) ? AttemptStatus.AwaitingGrading : AttemptStatus.Graded;
        await using var tx = await db.BeginAsync(ct);
        await results.FinishAsync(attempt, graded, status, expired ? "time_up" : "auto", ct);
        await tx.CommitAsync(ct);
        await rules.AfterCommitAsync(ct);
        return questions;
    }

    private Dictionary<string, IReadOnlyList<string>> Merge(Attempt attempt, AnswersInput input)
    {
        var answers = attempt.ReadAnswers();
        var keys = attempt.ReadItems().Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        var v = new Validation();
        foreach (var (key, values) in input.Answers ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            if (!keys.Contains(key) || values is null || values.Count > 20 || values.Any(x => x is null || x.Length > 2000))
            {
                v.Add("answers", t["learning.answer_invalid", key]);
                continue;
            }

            answers[key] = values;
        }

        v.ThrowIfInvalid();
        return answers;
    }

    private async Task<AttemptView> ToViewAsync(Attempt attempt, CancellationToken ct, Dictionary<Guid, Question>? questions = null)
    {
        var paper = (await db.PaperAsync(attempt.PaperId, ct))!;
        var courseTitle = (await db.CourseAsync(paper.CourseId, ct))!.Title;
        var items = attempt.ReadItems();
        var answers = attempt.ReadAnswers();
        questions ??= await results.QuestionsAsync(items, ct);
        var shown = items.Select(i =>
        {
            var q = questions[i.QuestionId];
            return new AttemptQuestion(i.Key, q.Kind, q.Stem, i.OptionOrder.Select(o => q.Options[o]).ToList(), i.Points);
        }).ToList();
        AttemptResult? result = null;
        if (attempt.Status != AttemptStatus.InProgress)
        {
            // The right answers are shown once they can no longer help a retake: after a pass or the last attempt.
            var showAnswers = attempt.Passed == true || await db.Set<Attempt>().CountAsync(a => a.EmployeeId == attempt.EmployeeId && a.PaperId == attempt.PaperId, ct) >= paper.AttemptsAllowed;
            var certificate = attempt.Passed == true ? await CertificateAsync(attempt.Id, ct) : null;
            result = new AttemptResult(attempt.Score, attempt.MaxScore, attempt.Percent, attempt.Passed, attempt.Status, certificate,
                items.Select(i =>
                {
                    var q = questions[i.QuestionId];
                    var outcome = ExamGrader.Grade(i, q, answers.GetValueOrDefault(i.Key));
                    return new AttemptReview(i.Key, i.Points, i.Awarded ?? 0, outcome?.Correct, showAnswers ? ExamGrader.RightAnswer(i, q) : []);
                }).ToList());
        }

        return new AttemptView(
            attempt.Id, paper.Id, paper.Title, courseTitle, attempt.Number, paper.AttemptsAllowed, attempt.Status, attempt.StartedAt, attempt.Deadline, clock.GetUtcNow(),
            paper.PassMark, shown, answers, result);
    }

    /// <summary>The certificate a passed attempt earned: issued in this request (in the context) or read.</summary>
    private async Task<Guid?> CertificateAsync(Guid attemptId, CancellationToken ct)
    {
        if (db.Set<CourseCompletion>().Local.FirstOrDefault(c => c.AttemptId == attemptId) is { } completion &&
            db.Set<Certificate>().Local.FirstOrDefault(c => c.CompletionId == completion.Id) is { } issued)
        {
            return issued.Id;
        }

        return await db.Set<CourseCompletion>().Where(c => c.AttemptId == attemptId)
            .Join(db.Set<Certificate>(), c => c.Id, x => x.CompletionId, (c, x) => (Guid?)x.Id).FirstOrDefaultAsync(ct);
    }

    private async Task<Attempt> OwnAsync(Guid id, CancellationToken ct)
    {
        var employeeId = Me();
        return await db.Set<Attempt>().FirstOrDefaultAsync(a => a.Id == id && a.EmployeeId == employeeId, ct) ?? throw new NotFoundException("attempt");
    }

    private Guid Me() => me.EmployeeId ?? throw new RuleViolationException("no_employee", t["competence.no_employee"]);
}

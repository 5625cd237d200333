using Skillgate.Platform.Contracts;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Questions;

/// <summary>The question bank: questions per course or skill, with difficulty and tags; it holds the answer keys.</summary>
internal sealed class QuestionHandler(LearningDb db, TimeProvider clock, Texts t)
{
    public async Task<Page<QuestionDto>> ListAsync(QuestionQuery query, CancellationToken ct)
    {
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, 200);
        var questions = db.Set<Question>().AsNoTracking().Where(q => q.Active);
        if (query.CourseId is { } course)
        {
            questions = questions.Where(q => q.CourseId == course);
        }

        if (query.SkillId is { } skill)
        {
            questions = questions.Where(q => q.SkillId == skill);
        }

        if (!string.IsNullOrWhiteSpace(query.Kind))
        {
            questions = questions.Where(q => q.Kind == query.Kind);
        }

        if (!string.IsNullOrWhiteSpace(query.Tag))
        {
            var tag = query.Tag.Trim();
            questions = questions.Where(q => q.Tags.Contains(tag));
        }

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var pattern = "%" + query.Q.Trim() + "%";
            questions = questions.Where(q => EF.Functions.ILike(q.Stem, pattern));
        }

        var total = await questions.LongCountAsync(ct);
        var rows = await questions.OrderBy(q => q.CreatedAt).ThenBy(q => q.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new Page<QuestionDto>(await ToDtosAsync(rows, ct), total, page, size);
    }

    public async Task<QuestionDto> GetAsync(Guid id, CancellationToken ct)
    {
        var question = await db.Set<Question>().AsNoTracking().FirstOrDefaultAsync(q => q.Id == id, ct) ?? throw new NotFoundException("question");
        return (await ToDtosAsync([question], ct))[0];
    }

    public async Task<QuestionDto> CreateAsync(QuestionInput input, CancellationToken ct)
    {
        var question = new Question { Id = Guid.CreateVersion7(), Kind = input.Kind, Stem = "", CreatedAt = clock.GetUtcNow() };
        await ApplyAsync(question, input, ct);
        db.Add(question);
        await db.SaveChangesAsync(ct);
        return await GetAsync(question.Id, ct);
    }

    public async Task<QuestionDto> UpdateAsync(Guid id, QuestionInput input, CancellationToken ct)
    {
        var question = await db.Set<Question>().FirstOrDefaultAsync(q => q.Id == id && q.Active, ct) ?? throw new NotFoundException("question");
        await ApplyAsync(question, input, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    public async Task DeactivateAsync(Guid id, CancellationToken ct)
    {
        var question = await db.Set<Question>().FirstOrDefaultAsync(q => q.Id == id, ct) ?? throw new NotFoundException("question");
        question.Active = false;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Checks a question; the errors are keyed by field so the import can report them by column.</summary>
    public Validation Check(QuestionInput input, bool courseKnown, bool skillKnown, out string[] options)
    {
        var v = new Validation();
        options = [.. (input.Options ?? []).Select(o => o?.Trim() ?? "")];
        if (!QuestionKind.All.Contains(input.Kind))
        {
            v.Add("kind", t["learning.question_kind_unknown"]);
            return v;
        }

        v.Require("stem", input.Stem, t["validation.required"]).MaxLength("stem", input.Stem, 2000, t["validation.max_length", 2000]);
        if (input.CourseId is null && input.SkillId is null)
        {
            v.Add("courseId", t["learning.question_target"]);
        }

        if (input.CourseId is not null && !courseKnown)
        {
            v.Add("courseId", t["learning.course_unknown"]);
        }

        if (input.SkillId is not null && !skillKnown)
        {
            v.Add("skillId", t["competence.skill_unknown"]);
        }

        if (input.Kind == QuestionKind.TrueFalse && options.Length == 0)
        {
            options = [t["learning.true"], t["learning.false"]];
        }

        var key = (input.AnswerKey ?? []).Select(k => k?.Trim() ?? "").ToList();
        if (QuestionKind.IsChoice(input.Kind))
        {
            if (options.Length is < 2 or > 10 || options.Any(o => o.Length is 0 or > 500) || (input.Kind == QuestionKind.TrueFalse && options.Length != 2))
            {
                v.Add("options", t["learning.options_invalid"]);
            }

            var count = options.Length;
            var indices = key.Select(k => int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1).ToList();
            if (indices.Count == 0 || indices.Any(i => i < 0 || i >= count) || indices.Distinct().Count() != indices.Count ||
                (input.Kind != QuestionKind.Multiple && indices.Count != 1))
            {
                v.Add("answerKey", t["learning.answer_key_invalid"]);
            }
        }
        else if (input.Kind == QuestionKind.Fill && (key.Count == 0 || key.Any(k => k.Length is 0 or > 200)))
        {
            v.Add("answerKey", t["learning.answer_key_invalid"]);
        }

        if (key.Any(k => k.Length > 2000))
        {
            v.Add("answerKey", t["validation.max_length", 2000]);
        }

        if (input.Difficulty is < 1 or > 5)
        {
            v.Add("difficulty", t["learning.difficulty_range"]);
        }

        if ((input.Tags ?? []).Count > 10 || (input.Tags ?? []).Any(tag => string.IsNullOrWhiteSpace(tag) || tag.Trim().Length > 40))
        {
            v.Add("tags", t["learning.tags_invalid"]);
        }

        return v;
    }

    public static Question Build(Question question, QuestionInput input, string[] options)
    {
        question.CourseId = input.CourseId;
        question.SkillId = input.SkillId;
        question.Kind = input.Kind;
        question.Stem = input.Stem.Trim();
        question.Options = QuestionKind.IsChoice(input.Kind) ? options : [];
        question.AnswerKey = [.. (input.AnswerKey ?? []).Select(k => k.Trim()).Where(k => k.Length > 0)];
        question.Difficulty = input.Difficulty;
        question.Tags = [.. (input.Tags ?? []).Select(tag => tag.Trim()).Distinct(StringComparer.Ordinal)];
        return question;
    }

    private async Task ApplyAsync(Question question, QuestionInput input, CancellationToken ct)
    {
        var courseKnown = input.CourseId is { } c && await db.Set<Course>().AnyAsync(x => x.Id == c, ct);
        var skillKnown = input.SkillId is { } s && await db.Database.SqlQuery<int>($"SELECT 1 AS \"Value\" FROM competence.skill_v WHERE id = {s}").AnyAsync(ct);
        var v = Check(input, courseKnown, skillKnown, out var options);
        v.ThrowIfInvalid();
        Build(question, input, options);
    }

    private async Task<List<QuestionDto>> ToDtosAsync(List<Question> questions, CancellationToken ct)
    {
        var courseIds = questions.Where(q => q.CourseId is not null).Select(q => q.CourseId!.Value).Distinct().ToList();
        var codes = await db.Set<Course>().Where(c => courseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        var skillIds = questions.Where(q => q.SkillId is not null).Select(q => q.SkillId!.Value).Distinct().ToArray();
        var skills = skillIds.Length == 0
            ? []
            : await db.Database.SqlQuery<SkillName>($"SELECT id AS \"Id\", name AS \"Name\" FROM competence.skill_v WHERE id = ANY({skillIds})").ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        return questions.Select(q => new QuestionDto(
            q.Id, q.CourseId, q.CourseId is { } c ? codes.GetValueOrDefault(c) : null, q.SkillId, q.SkillId is { } s ? skills.GetValueOrDefault(s) : null,
            q.Kind, q.Stem, q.Options, q.AnswerKey, q.Difficulty, q.Tags, q.Active)).ToList();
    }

    private sealed class SkillName
    {
        public Guid Id { get; init; }

        public string Name { get; init; } = "";
    }
}

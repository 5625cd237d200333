using FluentAssertions;
using Skillgate.Modules.Learning.Completions;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Modules.Learning.Exams;
using Xunit;

namespace Skillgate.Tests;

/// <summary>Exam grading and certificate numbers, without a database.</summary>
public sealed class ExamRuleTests
{
    private static readonly Question Single = new() { Kind = QuestionKind.Single, Stem = "s", Options = ["a", "b", "c"], AnswerKey = ["2"] };
    private static readonly Question Multiple = new() { Kind = QuestionKind.Multiple, Stem = "m", Options = ["a", "b", "c", "d"], AnswerKey = ["0", "3"] };
    private static readonly Question Fill = new() { Kind = QuestionKind.Fill, Stem = "f", AnswerKey = ["氩气", "Ar"] };

    [Fact]
    public void A_choice_answer_is_read_through_the_option_order_the_candidate_saw()
    {
        var shownReversed = new AttemptItem("q1", Guid.Empty, 10, [2, 1, 0]);
        ExamGrader.Grade(shownReversed, Single, ["0"])!.Awarded.Should().Be(10, "shown option 0 is original option 2");
        ExamGrader.Grade(shownReversed, Single, ["2"])!.Awarded.Should().Be(0);
        ExamGrader.RightAnswer(shownReversed, Single).Should().Equal("0");
    }

    [Fact]
    public void Multiple_choice_scores_only_the_exact_set_and_bad_indices_score_nothing()
    {
        var item = new AttemptItem("q1", Guid.Empty, 10, [0, 1, 2, 3]);
        ExamGrader.Grade(item, Multiple, ["3", "0"])!.Correct.Should().BeTrue();
        ExamGrader.Grade(item, Multiple, ["0"])!.Correct.Should().BeFalse();
        ExamGrader.Grade(item, Multiple, ["0", "3", "1"])!.Correct.Should().BeFalse();
        ExamGrader.Grade(item, Multiple, ["0", "9"])!.Awarded.Should().Be(0);
        ExamGrader.Grade(new AttemptItem("q2", Guid.Empty, 10, [0, 1, 2]), Single, ["2", "2"])!.Correct.Should().BeTrue("the same option twice is one choice");
    }

    [Fact]
    public void Fill_in_matches_any_accepted_text_ignoring_case_and_spaces_and_short_answers_wait_for_a_person()
    {
        var item = new AttemptItem("q1", Guid.Empty, 5, []);
        ExamGrader.Grade(item, Fill, [" ar "])!.Awarded.Should().Be(5);
        ExamGrader.Grade(item, Fill, ["氦气"])!.Awarded.Should().Be(0);
        ExamGrader.Grade(item, Fill, [])!.Awarded.Should().Be(0);
        ExamGrader.Grade(item, new Question { Kind = QuestionKind.Short, Stem = "x" }, ["text"]).Should().BeNull();
        ExamGrader.Percent(70, 100).Should().Be(70);
        ExamGrader.Percent(0, 0).Should().Be(0);
    }

    [Fact]
    public void Certificate_numbers_carry_an_unguessable_part_and_odd_input_is_rejected_before_a_lookup()
    {
        var a = CertificateNumber.Create(2026, 42);
        a.Should().MatchRegex("^SGC-2026-000042-[A-Z2-9]{4}$");
        CertificateNumber.LooksValid(a).Should().BeTrue();
        CertificateNumber.LooksValid("SGC-2026'; DROP").Should().BeFalse();
        CertificateNumber.LooksValid(new string('A', 41)).Should().BeFalse();
        CertificateQueries.MaskName("张伟").Should().Be("张*");
    }
}

"""/questions/: questions asked in advance, each answered on its own."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.dashboard import questions, services
from apps.dashboard.forms import QuestionForm
from apps.dashboard.models import Question


def _get_question_for_user(request: HttpRequest, pk: int) -> Question:
    """The signed-in person's question, or 404 for anyone else's."""
    return get_object_or_404(
        Question.objects.for_user(request.user).select_related("tag", "person"), pk=pk
    )


@login_required
def question_list(request: HttpRequest) -> HttpResponse:
    person = request.user
    form = QuestionForm(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        question = services.ask_question(person, **form.question_fields())
        return redirect("dashboard:question", pk=question.pk)
    asked = list(Question.objects.for_user(person).select_related("tag", "person"))
    answers = questions.answers_for(asked, person.local_today())
    rows = [
        {"question": q, "wording": questions.wording(q), "answer": answer}
        for q, answer in zip(asked, answers, strict=True)
    ]
    status = 400 if request.method == "POST" else 200
    return render(request, "dashboard/questions.html", {"form": form, "rows": rows}, status=status)


@login_required
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = _get_question_for_user(request, pk)
    answer = questions.answer_for(question, request.user.local_today())
    context = {"question": question, "wording": questions.wording(question), "answer": answer}
    return render(request, "dashboard/question.html", context)


@login_required
@require_POST
def question_close(request: HttpRequest, pk: int) -> HttpResponse:
    services.close_question(_get_question_for_user(request, pk))
    return redirect("dashboard:question", pk=pk)


@login_required
@require_POST
def question_keep(request: HttpRequest, pk: int) -> HttpResponse:
    question = _get_question_for_user(request, pk)
    services.keep_question(question, kept=request.POST.get("kept", "1") == "1")
    return redirect("dashboard:question", pk=pk)

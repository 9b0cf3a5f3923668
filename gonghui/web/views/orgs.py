from django.shortcuts import render


def org_tree(request):
    return render(request, "web/home.html", {})

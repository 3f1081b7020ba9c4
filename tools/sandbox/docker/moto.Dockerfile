# moto, pinned as in tools/sandbox/requirements.txt, started by our launcher (extra us-west-1 zones,
# Flatcar AMIs).
FROM python:3.11-slim
WORKDIR /sandbox
COPY tools/sandbox/requirements.txt tools/sandbox/constraints.txt ./
RUN pip install --no-cache-dir -r requirements.txt -c constraints.txt
COPY tools/sandbox/moto/launch.py ./launch.py
EXPOSE 4567
CMD ["python", "launch.py", "--host", "0.0.0.0", "--port", "4567", "--amis-file", "/sandbox/amis.json"]

console.log("kube-aws (skeleton)");
